package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"otklik/domain"
)

// Attachments are opened and saved through os.Root: whatever a hostile sender put in a file name, nothing is ever
// written outside the folder the coordinator chose (the parser already made the names safe; this is the second
// lock on the door).

// saveInto writes data as name inside dir, never outside it; an existing file is not overwritten («имя (2).jpg»).
func saveInto(dir, name string, data []byte) (string, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return "", err
	}
	defer root.Close()
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	if !filepath.IsLocal(name) || name == "." {
		name = "вложение"
	}
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for i := 1; i < 1000; i++ {
		try := name
		if i > 1 {
			try = fmt.Sprintf("%s (%d)%s", stem, i, ext)
		}
		f, err := root.OpenFile(try, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return "", err
		}
		return filepath.Join(dir, try), f.Close()
	}
	return "", errors.New("слишком много файлов с таким именем")
}

// attachmentRows lists the case's attachments with «Открыть» and «Сохранить…».
func (p *casePanel) attachmentRows(c *domain.Case) fyne.CanvasObject {
	box := container.NewVBox()
	for _, a := range c.Attachments {
		a := a
		open := widget.NewButton(lang.L("Открыть"), func() { p.openAttachment(c.ID, a) })
		save := widget.NewButton(lang.L("Сохранить…"), func() { p.saveAttachment(c.ID, a) })
		box.Add(container.NewBorder(nil, nil, nil, container.NewHBox(open, save),
			widget.NewLabel(a.Name+" ("+sizeText(a.Size)+")")))
	}
	raw := widget.NewButton(lang.L("Исходное письмо ДИП"), func() { p.showRaw(c.ID) })
	box.Add(container.NewHBox(raw))
	return box
}

func (p *casePanel) openAttachment(id domain.CaseID, a domain.Attachment) {
	login := p.v.currentUser()
	p.v.spawn(func() func() {
		data, err := p.v.desk.Attachment(login, string(id), a.BlobID)
		var path string
		if err == nil {
			var dir string
			if dir, err = os.MkdirTemp("", "otklik-"); err == nil {
				path, err = saveInto(dir, a.Name, data)
			}
		}
		return func() {
			if err != nil {
				p.v.showError(err)
				return
			}
			if u, perr := urlOfFile(path); perr == nil {
				_ = p.v.app.OpenURL(u)
			}
		}
	})
}

func (p *casePanel) saveAttachment(id domain.CaseID, a domain.Attachment) {
	login := p.v.currentUser()
	dialog.ShowFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			return
		}
		p.v.spawn(func() func() {
			data, err := p.v.desk.Attachment(login, string(id), a.BlobID)
			var path string
			if err == nil {
				path, err = saveInto(dir.Path(), a.Name, data)
			}
			return func() {
				if err != nil {
					p.v.showError(err)
					return
				}
				dialog.ShowInformation(lang.L("Вложение сохранено"), path, p.v.win)
			}
		})
	}, p.v.win)
}

// showRaw shows the Department's e-mail as received, never rendered (no remote content).
func (p *casePanel) showRaw(id domain.CaseID) {
	login := p.v.currentUser()
	p.v.spawn(func() func() {
		raw, err := p.v.desk.RawNotice(login, string(id))
		return func() {
			if err != nil {
				p.v.showError(err)
				return
			}
			const shown = 200 << 10
			text := string(raw)
			if len(text) > shown {
				text = text[:shown] + "\n…"
			}
			e := widget.NewMultiLineEntry()
			e.SetText(text)
			e.Wrapping = fyne.TextWrapBreak
			d := dialog.NewCustom(lang.L("Исходное письмо ДИП"), lang.L("Закрыть"), container.NewStack(e), p.v.win)
			d.Resize(fyne.NewSize(900, 600))
			d.Show()
		}
	})
}

func urlOfFile(path string) (*url.URL, error) { return url.Parse(storage.NewFileURI(path).String()) }
