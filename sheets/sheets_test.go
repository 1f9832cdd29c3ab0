package sheets

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestCSVFromXLSX(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{
		{"login", "name", "position", "unit", "email", "settlements", "categories"},
		{"zam-zhkh", "Иванов Пётр Сергеевич", "Заместитель; по ЖКХ", "Отдел ЖКХ", "zhkh@example.ru", "Кожевниково|Уртам", "Дороги|ЖКХ"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &r)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	out, err := CSV(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `zam-zhkh;Иванов Пётр Сергеевич;"Заместитель; по ЖКХ";Отдел ЖКХ;zhkh@example.ru;Кожевниково|Уртам;Дороги|ЖКХ`) {
		t.Fatalf("csv:\n%s", out)
	}
	if _, err := CSV([]byte("not a spreadsheet")); err == nil {
		t.Fatal("garbage read as XLSX")
	}
}
