package domain

// Action names a group of verbs in the rights table of CLI.md.
type Action string

const (
	ActView       Action = "view"       // cases, case, triage list, report, calendar show|due, check
	ActSync       Action = "sync"       // sync
	ActWork       Action = "work"       // dispatch, return, answer, reject, escalate, link, triage attach|dismiss
	ActAbsence    Action = "absence"    // absence add|end (own; any for admin)
	ActAdminister Action = "administer" // setup on an existing folder, calendar import, users *, backup, restore
)

// allowed is the rights table; a substitute's ActWork is decided by the absences (see Desk.actor).
func allowed(r Role, a Action, acting bool) bool {
	switch a {
	case ActView:
		return r.Valid()
	case ActSync:
		return r == RoleCoordinator || r == RoleSubstitute || r == RoleAdmin
	case ActWork:
		return r == RoleCoordinator || (r == RoleSubstitute && acting)
	case ActAbsence:
		return r == RoleCoordinator || r == RoleAdmin
	case ActAdminister:
		return r == RoleAdmin
	}
	return false
}
