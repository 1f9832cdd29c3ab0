package domain

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
)

func marshalJSON(v any) ([]byte, error)   { return json.Marshal(v) }
func unmarshalJSON(b []byte, v any) error { return json.Unmarshal(b, v) }

// Session is a logged-in user with the data key her password unlocked.
type Session struct {
	Login   string
	DataKey []byte
}

// Login checks a password (argon2id), with a timed lockout after repeated failures; every attempt is audited.
func (d *Desk) Login(login, password string) (*Session, error) {
	var s *Session
	var refusal error
	err := d.store.Update(func(tx Tx) error {
		u, err := tx.User(login)
		if errors.Is(err, ErrNotFound) {
			refusal = refused("неверное имя пользователя или пароль")
			return d.audit(tx, Actor{Login: login, Name: login}, "login_failed", "", "нет такого пользователя", "", "")
		}
		if err != nil {
			return err
		}
		now := d.Now()
		actor := Actor{Login: u.Login, Name: u.Name}
		if u.Disabled {
			refusal = refused("учётная запись %s отключена", login)
			return d.audit(tx, actor, "login_failed", "", "учётная запись отключена", "", "")
		}
		if u.LockedUntil != nil && now.Before(*u.LockedUntil) {
			refusal = refused("учётная запись %s заблокирована до %s после неудачных попыток входа", login, FormatDateTime(*u.LockedUntil))
			return d.audit(tx, actor, "login_failed", "", "учётная запись заблокирована", "", "")
		}
		ok, err := d.hasher.Verify(u.PasswordHash, password)
		if err != nil {
			return err
		}
		p := d.Policy()
		if !ok {
			u.FailedLogins++
			detail := fmt.Sprintf("неверный пароль (%d-я попытка)", u.FailedLogins)
			if p.LockoutAttempts > 0 && u.FailedLogins >= p.LockoutAttempts {
				until := now.Add(p.LockoutDuration)
				u.LockedUntil, u.FailedLogins = &until, 0
				detail += ", учётная запись заблокирована до " + FormatDateTime(until)
			}
			refusal = refused("неверное имя пользователя или пароль")
			if err := tx.PutUser(u); err != nil {
				return err
			}
			return d.audit(tx, actor, "login_failed", "", detail, "", "")
		}
		u.FailedLogins, u.LockedUntil = 0, nil
		if err := tx.PutUser(u); err != nil {
			return err
		}
		key, err := d.unwrapKey(password, u.WrappedKey)
		if err != nil {
			key = nil // an account made before the data key existed: it logs in but cannot open the mail passwords
		}
		s = &Session{Login: u.Login, DataKey: key}
		return d.audit(tx, actor, "login", "", "вход", "", "")
	})
	if err != nil {
		return nil, err
	}
	if refusal != nil {
		return nil, refusal
	}
	return s, nil
}

// NewUser is an account to create with its first password.
type NewUser struct {
	User     User
	Password string
}

var loginRe = regexp.MustCompile(`^[a-z0-9._-]{2,64}$`)

// CheckPassword applies the minimum password rules: 12 characters with letters and digits.
func CheckPassword(p string) error {
	if len([]rune(p)) < 12 {
		return userErr("пароль должен быть не короче 12 символов")
	}
	var letter, digit bool
	for _, r := range p {
		letter = letter || unicode.IsLetter(r)
		digit = digit || unicode.IsDigit(r)
	}
	if !letter || !digit {
		return userErr("пароль должен содержать буквы и цифры")
	}
	return nil
}

func (d *Desk) createUser(tx Tx, nu NewUser, dataKey []byte) (*User, error) {
	u := nu.User
	if !loginRe.MatchString(u.Login) {
		return nil, badRequest("логин %q: только латинские строчные буквы, цифры, точка, дефис, подчёркивание", u.Login)
	}
	if !u.Role.Valid() {
		return nil, badRequest("роль %q: coordinator, substitute, supervisor или admin", u.Role)
	}
	if err := CheckPassword(nu.Password); err != nil {
		return nil, err
	}
	if _, err := tx.User(u.Login); err == nil {
		return nil, userErr("пользователь %s уже есть", u.Login)
	}
	h, err := d.hasher.Hash(nu.Password)
	if err != nil {
		return nil, err
	}
	u.PasswordHash, u.CreatedAt = h, d.Now()
	if dataKey != nil {
		if u.WrappedKey, err = d.wrapKey(nu.Password, dataKey); err != nil {
			return nil, err
		}
	}
	return &u, tx.PutUser(&u)
}

// SetupRequest is a settings file in domain terms.
type SetupRequest struct {
	Users       []NewUser
	Executors   []Executor
	Secrets     MailSecrets
	SettingsDoc []byte // the settings without passwords, kept for the next start
	// Source is the settings file as given, passwords included: only its argon2id hash is stored, so applying the
	// same file again can be recognised as a no-op without a login.
	Source []byte
}

const (
	settingFingerprint = "settings_fingerprint"
	settingInstalledAt = "installed_at"
)

// InstalledAt is when the data folder was first set up (zero if never): periodic reports start after it.
func (d *Desk) InstalledAt() time.Time {
	var t time.Time
	_ = d.store.View(func(tx Tx) error {
		if b, err := tx.Setting(settingInstalledAt); err == nil {
			t, _ = time.Parse(time.RFC3339, string(b))
		}
		return nil
	})
	return t
}

// ErrUnchanged means setup was given the file already in force: nothing to do, no rights needed.
var ErrUnchanged = errors.New("settings unchanged")

// SettingsDocName is the name the applied settings are stored under.
const SettingsDocName = "settings"

// IsNew reports whether the data folder has no accounts yet (setup needs no login then).
func (d *Desk) IsNew() (bool, error) {
	n := 0
	err := d.store.View(func(tx Tx) error {
		return tx.Users(func(*User) error { n++; return nil })
	})
	return n == 0, err
}

// Setup applies a settings file. On a new data folder anyone may (there is nobody yet); afterwards only an admin,
// whose session unlocks the data key. Idempotent: existing accounts keep their passwords.
func (d *Desk) Setup(s *Session, req SetupRequest) error {
	fresh, err := d.IsNew()
	if err != nil {
		return err
	}
	apply := func(tx Tx, a Actor, key []byte) error {
		created := 0
		for _, nu := range req.Users {
			old, err := tx.User(nu.User.Login)
			if err == nil {
				old.Name, old.Position, old.Email, old.Role = nu.User.Name, nu.User.Position, nu.User.Email, nu.User.Role
				if err := tx.PutUser(old); err != nil {
					return err
				}
				continue
			}
			if _, err := d.createUser(tx, nu, key); err != nil {
				return fmt.Errorf("пользователь %s: %w", nu.User.Login, err)
			}
			created++
		}
		for i := range req.Executors {
			e := req.Executors[i]
			if err := tx.PutExecutor(&e); err != nil {
				return err
			}
		}
		if err := sealSecrets(tx, key, req.Secrets); err != nil {
			return err
		}
		if err := tx.PutSetting(SettingsDocName, req.SettingsDoc); err != nil {
			return err
		}
		if len(req.Source) > 0 {
			fp, err := d.hasher.Hash(string(req.Source))
			if err != nil {
				return err
			}
			if err := tx.PutSetting(settingFingerprint, []byte(fp)); err != nil {
				return err
			}
		}
		return d.audit(tx, a, "settings", "", fmt.Sprintf("применён файл настроек: пользователей создано %d, исполнителей %d", created, len(req.Executors)), "", "")
	}
	if fresh {
		return d.store.Update(func(tx Tx) error {
			if err := tx.PutSetting(settingInstalledAt, []byte(d.Now().Format(time.RFC3339))); err != nil {
				return err
			}
			return apply(tx, Actor{Login: "setup", Name: "первоначальная настройка"}, NewDataKey())
		})
	}
	if s == nil {
		if d.sameSource(req.Source) {
			return ErrUnchanged
		}
		return refused("папка данных уже настроена, а файл настроек отличается: нужен вход администратора (--user)")
	}
	return d.run(s.Login, ActAdminister, "настройка", func(tx Tx, a Actor) error {
		if s.DataKey == nil {
			return refused("ключ данных не открыт для %s", s.Login)
		}
		return apply(tx, a, s.DataKey)
	})
}

func (d *Desk) sameSource(src []byte) bool {
	if len(src) == 0 {
		return false
	}
	var fp []byte
	_ = d.store.View(func(tx Tx) error {
		fp, _ = tx.Setting(settingFingerprint)
		return nil
	})
	ok, err := d.hasher.Verify(string(fp), string(src))
	return err == nil && ok
}

// AddUser creates an account (admin only); the new user's password seals a copy of the data key.
func (d *Desk) AddUser(s *Session, nu NewUser) error {
	return d.run(s.Login, ActAdminister, "добавить пользователя", func(tx Tx, a Actor) error {
		u, err := d.createUser(tx, nu, s.DataKey)
		if err != nil {
			return err
		}
		return d.audit(tx, a, "user_add", "", fmt.Sprintf("пользователь %s (%s), роль %s", u.Login, u.Name, u.Role), "", "")
	})
}

// Users lists the accounts (admin only).
func (d *Desk) Users(login string) ([]User, error) {
	var out []User
	err := d.run(login, ActAdminister, "список пользователей", func(tx Tx, a Actor) error {
		return tx.Users(func(u *User) error {
			c := *u
			c.PasswordHash, c.WrappedKey = "", nil
			out = append(out, c)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Login < out[j].Login })
	return out, err
}

// ChangePassword sets a new password: one's own, or anyone's by an admin; the data key is resealed with it.
func (d *Desk) ChangePassword(s *Session, target, newPassword string) error {
	if err := CheckPassword(newPassword); err != nil {
		return err
	}
	act := ActView
	if target != s.Login {
		act = ActAdminister
	}
	return d.run(s.Login, act, "смена пароля", func(tx Tx, a Actor) error {
		u, err := tx.User(target)
		if err != nil {
			return userErr("нет пользователя %q", target)
		}
		if u.PasswordHash, err = d.hasher.Hash(newPassword); err != nil {
			return err
		}
		if s.DataKey != nil {
			if u.WrappedKey, err = d.wrapKey(newPassword, s.DataKey); err != nil {
				return err
			}
		}
		u.FailedLogins, u.LockedUntil = 0, nil
		if err := tx.PutUser(u); err != nil {
			return err
		}
		return d.audit(tx, a, "passwd", "", "смена пароля "+target, "", "")
	})
}

// SetDisabled disables (never deletes) or enables an account (admin only).
func (d *Desk) SetDisabled(login, target string, disabled bool) error {
	return d.run(login, ActAdminister, "отключить/включить пользователя", func(tx Tx, a Actor) error {
		u, err := tx.User(target)
		if err != nil {
			return userErr("нет пользователя %q", target)
		}
		if target == login && disabled {
			return refused("нельзя отключить свою учётную запись")
		}
		u.Disabled = disabled
		if !disabled {
			u.FailedLogins, u.LockedUntil = 0, nil
		}
		if err := tx.PutUser(u); err != nil {
			return err
		}
		what := "включён"
		if disabled {
			what = "отключён"
		}
		return d.audit(tx, a, "user_state", "", "пользователь "+target+" "+what, "", "")
	})
}

// AddAbsence records a period when absent is away and substitute acts for her (Р.4): the coordinator for her own
// absence, an admin for anyone's.
func (d *Desk) AddAbsence(login, absent, substitute string, from, to time.Time) (*Absence, error) {
	var out *Absence
	err := d.run(login, ActAbsence, "период отсутствия", func(tx Tx, a Actor) error {
		if a.Role != RoleAdmin && absent != login {
			return refused("координатор задаёт только свой период отсутствия")
		}
		if !to.After(from) {
			return userErr("конец периода должен быть позже начала")
		}
		if _, err := tx.User(absent); err != nil {
			return userErr("нет пользователя %q", absent)
		}
		sub, err := tx.User(substitute)
		if err != nil {
			return userErr("нет пользователя %q", substitute)
		}
		if sub.Role != RoleSubstitute {
			return userErr("%s не заместитель (роль %s)", substitute, sub.Role)
		}
		id, err := tx.NextAbsenceID()
		if err != nil {
			return err
		}
		ab := &Absence{ID: id, Absent: absent, Substitute: substitute, From: from, To: to, CreatedBy: login, CreatedAt: d.Now()}
		if err := tx.PutAbsence(ab); err != nil {
			return err
		}
		out = ab
		return d.audit(tx, a, "absence_add", "", fmt.Sprintf("отсутствие %s с %s по %s, замещает %s", absent,
			FormatDateTime(from.In(d.Policy().Location)), FormatDateTime(to.In(d.Policy().Location)), substitute), "", "")
	})
	return out, err
}

// Absences lists the absence periods (everyone may read them).
func (d *Desk) Absences(login string) ([]Absence, error) {
	var out []Absence
	err := d.View(login, func(tx Tx, a Actor) error {
		return tx.Absences(func(ab *Absence) error { out = append(out, *ab); return nil })
	})
	return out, err
}

// EndAbsence ends a period now: the substitute's rights return to the coordinator.
func (d *Desk) EndAbsence(login string, id int) error {
	return d.run(login, ActAbsence, "завершить отсутствие", func(tx Tx, a Actor) error {
		var ab *Absence
		_ = tx.Absences(func(x *Absence) error {
			if x.ID == id {
				ab = x
			}
			return nil
		})
		if ab == nil {
			return userErr("нет периода отсутствия %d", id)
		}
		if a.Role != RoleAdmin && ab.Absent != login {
			return refused("координатор завершает только свой период отсутствия")
		}
		now := d.Now()
		ab.EndedAt = &now
		if err := tx.PutAbsence(ab); err != nil {
			return err
		}
		return d.audit(tx, a, "absence_end", "", fmt.Sprintf("отсутствие %d (%s) завершено", id, ab.Absent), "", "")
	})
}

// Executors lists the directory.
func (d *Desk) Executors(login string) ([]Executor, error) {
	var out []Executor
	err := d.View(login, func(tx Tx, a Actor) error {
		return tx.Executors(func(e *Executor) error { out = append(out, *e); return nil })
	})
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out, err
}

// WhoAmI resolves the actor for the window's title («Маслова Е. А. за Бирюкову И. А.»).
func (d *Desk) WhoAmI(login string) (Actor, error) {
	var out Actor
	err := d.store.View(func(tx Tx) error {
		a, err := d.actor(tx, login, ActView)
		out = a
		return err
	})
	return out, err
}

// ImportCalendar replaces a stored calendar document (admin only): merge gets the old document and returns the new
// one with an audit line.
func (d *Desk) ImportCalendar(login string, merge func(old []byte) ([]byte, string, error), name string) error {
	return d.run(login, ActAdminister, "импорт календаря", func(tx Tx, a Actor) error {
		old, err := tx.Setting(name)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		doc, detail, err := merge(old)
		if err != nil {
			return err
		}
		if err := tx.PutSetting(name, doc); err != nil {
			return err
		}
		return d.audit(tx, a, "calendar_import", "", detail, "", "")
	})
}

// Record audits an administrative step done outside a use case's transaction (backup, restore).
func (d *Desk) Record(login, action, detail string) {
	_ = d.store.Update(func(tx Tx) error {
		a := Actor{Login: login, Name: login}
		if u, err := tx.User(login); err == nil {
			a.Name, a.Role = u.Name, u.Role
		}
		return d.audit(tx, a, action, "", detail, "", "")
	})
}

// ResetAccess is the recovery path when every password is lost (README «Восстановление доступа»): whoever can run
// the program on the data folder applies the settings file again with a new data key. The mail passwords are
// sealed anew from the file, the file's admin account gets the file's password, and every other account keeps its
// password but must have it reset by the admin before it can unlock the mail again. Cases, mail and the audit log
// are untouched; the reset itself is audited.
func (d *Desk) ResetAccess(req SetupRequest, adminLogin string) error {
	var admin *NewUser
	for i := range req.Users {
		if req.Users[i].User.Login == adminLogin && req.Users[i].User.Role == RoleAdmin {
			admin = &req.Users[i]
		}
	}
	if admin == nil {
		return userErr("в файле настроек нет администратора %q", adminLogin)
	}
	if err := CheckPassword(admin.Password); err != nil {
		return err
	}
	key := NewDataKey()
	return d.store.Update(func(tx Tx) error {
		var users []*User
		if err := tx.Users(func(u *User) error { users = append(users, u); return nil }); err != nil {
			return err
		}
		found := false
		for _, u := range users {
			if u.Login == adminLogin {
				found = true
				h, err := d.hasher.Hash(admin.Password)
				if err != nil {
					return err
				}
				u.PasswordHash, u.Disabled, u.FailedLogins, u.LockedUntil, u.Role = h, false, 0, nil, RoleAdmin
				if u.WrappedKey, err = d.wrapKey(admin.Password, key); err != nil {
					return err
				}
			} else {
				u.WrappedKey = nil // sealed with the lost key: useless now
			}
			if err := tx.PutUser(u); err != nil {
				return err
			}
		}
		if !found {
			if _, err := d.createUser(tx, *admin, key); err != nil {
				return err
			}
		}
		if err := sealSecrets(tx, key, req.Secrets); err != nil {
			return err
		}
		a := Actor{Login: "setup", Name: "восстановление доступа"}
		return d.audit(tx, a, "access_reset", "", fmt.Sprintf("новый ключ данных; пароль администратора %s задан из файла настроек; остальным пользователям пароли должен сменить администратор", adminLogin), "", "")
	})
}

// CreateFirstAdmin makes the administrator on a data folder that has no accounts yet (the window's first run);
// she then applies the settings. Refused once any account exists.
func (d *Desk) CreateFirstAdmin(nu NewUser) error {
	nu.User.Role = RoleAdmin
	return d.store.Update(func(tx Tx) error {
		n := 0
		if err := tx.Users(func(*User) error { n++; return nil }); err != nil {
			return err
		}
		if n > 0 {
			return refused("учётные записи уже созданы: войдите под своей")
		}
		if _, err := d.createUser(tx, nu, NewDataKey()); err != nil {
			return err
		}
		if err := tx.PutSetting(settingInstalledAt, []byte(d.Now().Format(time.RFC3339))); err != nil {
			return err
		}
		return d.audit(tx, Actor{Login: nu.User.Login, Name: nu.User.Name}, "first_admin", "",
			"первый запуск: создан администратор "+nu.User.Login, "", "")
	})
}
