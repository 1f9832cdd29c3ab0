package mailbridge

import "context"

// Check connects, secures the connection and logs in to the mailbox, then logs out: the settings' «проверить
// подключение». The error is the server's own words where it gave any.
func (in *Inbox) Check(ctx context.Context) error {
	s, err := in.connect(ctx)
	if err != nil {
		return err
	}
	s.logout()
	s.close()
	return nil
}
