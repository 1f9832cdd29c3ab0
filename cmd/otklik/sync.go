package main

import (
	"errors"
)

func verbSync(c *call) error {
	if err := c.args.only("once"); err != nil {
		return usagef("%v", err)
	}
	if err := c.login(); err != nil {
		return err
	}
	if _, err := c.app.desk.Authorize(c.userID, "sync", "синхронизация почты"); err != nil {
		return err
	}
	return errors.New("синхронизация почты пока недоступна")
}
