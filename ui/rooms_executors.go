package ui

import (
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"otklik/domain"
	"otklik/sheets"
)

// executorsRoom is «Исполнители»: the directory of officials who get tasks by e-mail (П.6) with each one's open
// tasks and record, a card to add or edit one, deactivation (never deletion: old cases keep naming her), and the
// import of a list (CSV). The coordinator and the administrator edit it; everyone else reads.
type executorsRoom struct {
	r       *rooms
	canEdit bool

	list    *fyne.Container
	body    *fyne.Container         // empty + list: laid out again when the empty note shows or hides
	rows    map[string]*executorRow // by login
	execs   []domain.Executor
	records map[string]domain.ExecutorRecord
	empty   *widget.Label
	banner  *widget.Label
	message *widget.Label

	// The card being edited; editing is the login of an existing card, "" for a new one.
	editing                                                     string
	formTitle                                                   *widget.Label
	login, name, position, unit, email, settlements, categories *widget.Entry
	active                                                      *widget.Check
	save, newCard, importCSV                                    *widget.Button
	formMessage                                                 *widget.Label

	content fyne.CanvasObject
}

type executorRow struct {
	name, details, lists, record *widget.Label
	edit, toggle                 *widget.Button
	box                          fyne.CanvasObject
}

func newExecutorsRoom(r *rooms) *executorsRoom {
	x := &executorsRoom{r: r, rows: map[string]*executorRow{}}
	x.list = container.NewVBox()
	x.empty = widget.NewLabel(lang.L("В справочнике нет исполнителей"))
	x.banner = readOnlyBanner(lang.L("Только просмотр: справочник ведут координатор и администратор."))
	x.message = messageLabel()

	x.formTitle = sectionTitle(lang.L("Новый исполнитель"))
	x.login = widget.NewEntry()
	x.login.SetPlaceHolder("zam-zhkh")
	x.name = widget.NewEntry()
	x.name.SetPlaceHolder(lang.L("Фамилия Имя Отчество"))
	x.position = widget.NewEntry()
	x.unit = widget.NewEntry()
	x.email = widget.NewEntry()
	x.email.SetPlaceHolder("name@example.ru")
	x.settlements = widget.NewEntry()
	x.settlements.SetPlaceHolder(lang.L("через запятую"))
	x.categories = widget.NewEntry()
	x.categories.SetPlaceHolder(lang.L("через запятую"))
	x.active = widget.NewCheck(lang.L("получает поручения"), nil)
	x.active.SetChecked(true)
	x.save = widget.NewButton(lang.L("Сохранить"), x.saveCard)
	x.save.Importance = widget.HighImportance
	x.newCard = widget.NewButton(lang.L("Новый исполнитель"), x.startNew)
	x.importCSV = widget.NewButton(lang.L("Импорт из CSV/XLSX…"), x.chooseCSV)
	x.formMessage = messageLabel()
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Логин"), x.login),
		widget.NewFormItem(lang.L("ФИО"), x.name),
		widget.NewFormItem(lang.L("Должность"), x.position),
		widget.NewFormItem(lang.L("Подразделение"), x.unit),
		widget.NewFormItem(lang.L("E-mail"), x.email),
		widget.NewFormItem(lang.L("Поселения"), x.settlements),
		widget.NewFormItem(lang.L("Категории"), x.categories),
		widget.NewFormItem("", x.active),
	)
	csvHelp := wrappedLabel(lang.L("Список CSV (UTF-8, разделитель «;» или «,»): login;name;position;unit;email;settlements;categories, списки внутри через «|». Новые исполнители добавляются, известные (по логину) обновляются; никто не удаляется."))
	csvHelp.Importance = widget.LowImportance
	card := container.NewVBox(x.formTitle, form, container.NewHBox(x.save, x.newCard), x.formMessage,
		widget.NewSeparator(), x.importCSV, csvHelp)

	top := container.NewVBox(x.banner, x.message)
	x.body = container.NewVBox(x.empty, x.list)
	left := container.NewBorder(top, nil, nil, nil, container.NewVScroll(x.body))
	split := container.NewHSplit(left, container.NewVScroll(card))
	split.Offset = 0.6
	x.content = split
	return x
}

func (x *executorsRoom) setActor(a domain.Actor) {
	x.canEdit = a.Role == domain.RoleAdmin || a.Role == domain.RoleCoordinator || a.ActingFor != nil
	showIf(x.banner, !x.canEdit)
	for _, w := range []fyne.Disableable{x.login, x.name, x.position, x.unit, x.email, x.settlements, x.categories,
		x.active, x.save, x.newCard, x.importCSV} {
		if x.canEdit {
			w.Enable()
		} else {
			w.Disable()
		}
	}
	x.startNew()
	say(x.message, "", false)
}

func (x *executorsRoom) clear() {
	x.execs, x.records = nil, nil
	x.rows = map[string]*executorRow{}
	x.list.RemoveAll()
	x.startNew()
}

// load reads the directory and the records computed from the cases.
func (x *executorsRoom) load() {
	desk := x.r.v.desk
	login := x.r.v.currentUser()
	if login == "" {
		return
	}
	x.r.v.spawn(func() func() {
		execs, err := desk.Executors(login)
		var recs map[string]domain.ExecutorRecord
		if err == nil {
			recs, err = desk.ExecutorRecords(login)
		}
		return func() {
			if x.r.v.currentUser() != login {
				return
			}
			if err != nil {
				say(x.message, errorText(err), true)
				return
			}
			x.show(execs, recs)
		}
	})
}

func (x *executorsRoom) show(execs []domain.Executor, recs map[string]domain.ExecutorRecord) {
	x.execs, x.records = execs, recs
	x.rows = map[string]*executorRow{}
	x.list.RemoveAll()
	for _, e := range execs {
		row := x.newRow(e, recs[e.Login])
		x.rows[e.Login] = row
		x.list.Add(row.box)
	}
	showIf(x.empty, len(execs) == 0)
	x.body.Refresh()
}

func (x *executorsRoom) newRow(e domain.Executor, rec domain.ExecutorRecord) *executorRow {
	row := &executorRow{}
	title := e.Name
	if !e.Active {
		title += " — " + lang.L("отключён")
	}
	row.name = widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	if !e.Active {
		row.name.Importance = widget.LowImportance
	}
	row.details = wrappedLabel(joinNonEmpty(" · ", e.Position, e.Unit, e.Email, e.Login))
	row.lists = wrappedLabel(joinNonEmpty(" · ",
		listText(lang.L("Поселения"), e.Settlements), listText(lang.L("Категории"), e.Categories)))
	showIf(row.lists, row.lists.Text != "")
	row.record = wrappedLabel(recordText(rec))
	if rec.Late+rec.Missing > 0 {
		row.record.Importance = widget.WarningImportance
	}
	login := e.Login
	row.edit = widget.NewButton(lang.L("Изменить"), func() { x.editCard(login) })
	toggleText := lang.L("Отключить")
	if !e.Active {
		toggleText = lang.L("Включить")
	}
	active := e.Active
	row.toggle = widget.NewButton(toggleText, func() {
		x.r.run(x.message, func(l string) error { return x.r.v.desk.SetExecutorActive(l, login, !active) }, func() {
			say(x.message, "", false)
			x.load()
		})
	})
	enable(row.edit, x.canEdit)
	enable(row.toggle, x.canEdit)
	row.box = container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(row.edit, row.toggle), row.name),
		row.details, row.lists, row.record, widget.NewSeparator())
	return row
}

func listText(title string, items []string) string {
	if len(items) == 0 {
		return ""
	}
	return title + ": " + strings.Join(items, ", ")
}

// recordText is «Открытых поручений: 2 · проекты в срок: 5, с опозданием: 1, не представлены: 0» (П.8, П.15).
func recordText(r domain.ExecutorRecord) string {
	return lang.L("Открытых поручений: {{.Open}} · проекты в срок: {{.OnTime}}, с опозданием: {{.Late}}, не представлены: {{.Missing}}",
		map[string]any{"Open": r.OpenTasks, "OnTime": r.OnTime, "Late": r.Late, "Missing": r.Missing})
}

// startNew empties the card for a new executor.
func (x *executorsRoom) startNew() {
	x.editing = ""
	x.formTitle.SetText(lang.L("Новый исполнитель"))
	for _, e := range []*widget.Entry{x.login, x.name, x.position, x.unit, x.email, x.settlements, x.categories} {
		e.SetText("")
	}
	x.active.SetChecked(true)
	if x.canEdit {
		x.login.Enable()
	}
	say(x.formMessage, "", false)
}

// editCard fills the card with an executor of the directory; her login cannot change (cases name her by it).
func (x *executorsRoom) editCard(login string) {
	for _, e := range x.execs {
		if e.Login != login {
			continue
		}
		x.r.touch()
		x.editing = login
		x.formTitle.SetText(lang.L("Карточка исполнителя: {{.Name}}", map[string]any{"Name": e.Name}))
		x.login.SetText(e.Login)
		x.login.Disable()
		x.name.SetText(e.Name)
		x.position.SetText(e.Position)
		x.unit.SetText(e.Unit)
		x.email.SetText(e.Email)
		x.settlements.SetText(strings.Join(e.Settlements, ", "))
		x.categories.SetText(strings.Join(e.Categories, ", "))
		x.active.SetChecked(e.Active)
		say(x.formMessage, "", false)
		return
	}
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '|' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// saveCard stores the card; the desk checks the login and the address and says what is wrong.
func (x *executorsRoom) saveCard() {
	e := domain.Executor{Login: strings.TrimSpace(x.login.Text), Name: x.name.Text, Position: x.position.Text,
		Unit: x.unit.Text, Email: strings.TrimSpace(x.email.Text), Settlements: splitList(x.settlements.Text),
		Categories: splitList(x.categories.Text), Active: x.active.Checked}
	if x.editing != "" {
		e.Login = x.editing
	}
	x.r.run(x.formMessage, func(login string) error { return x.r.v.desk.SaveExecutor(login, e) }, func() {
		x.startNew()
		say(x.formMessage, lang.L("Сохранено: {{.Name}}", map[string]any{"Name": domain.ShortName(strings.TrimSpace(e.Name))}), false)
		x.load()
	})
}

// chooseCSV asks for the list file.
func (x *executorsRoom) chooseCSV() {
	x.r.touch()
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			say(x.formMessage, errorText(err), true)
			return
		}
		if rc == nil {
			return // cancelled
		}
		defer rc.Close()
		data, err := io.ReadAll(io.LimitReader(rc, 10<<20))
		if err == nil && strings.EqualFold(rc.URI().Extension(), ".xlsx") {
			data, err = sheets.CSV(data) // the same columns, from the first sheet
		}
		if err != nil {
			say(x.formMessage, errorText(err), true)
			return
		}
		x.importList(data)
	}, x.r.v.win)
	d.SetFilter(fynestorage.NewExtensionFileFilter([]string{".csv", ".txt", ".xlsx"}))
	d.Show()
}

// importList reads a CSV list and imports it: every problem of the file is listed with its line, and nothing is
// changed until the whole file is right.
func (x *executorsRoom) importList(data []byte) {
	list, err := domain.ParseExecutorCSV(data)
	if err != nil {
		say(x.formMessage, errorText(err), true)
		return
	}
	var added, updated int
	x.r.run(x.formMessage, func(login string) error {
		var err error
		added, updated, err = x.r.v.desk.ImportExecutors(login, list)
		return err
	}, func() {
		say(x.formMessage, lang.L("Импорт: в списке {{.N}}, добавлено {{.Added}}, изменено {{.Updated}}",
			map[string]any{"N": len(list), "Added": added, "Updated": updated}), false)
		x.load()
	})
}
