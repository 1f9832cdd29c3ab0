// Package sheets reads the lists an office keeps in spreadsheets (the executor directory as XLSX) with excelize,
// a well-kept library, rather than by hand. It imports nothing of the project.
package sheets

import (
	"bytes"
	"encoding/csv"
	"fmt"

	"github.com/xuri/excelize/v2"
)

// maxRows bounds what one list may hold: a directory of a district has dozens of lines, not millions.
const maxRows = 10000

// Rows returns the cells of the first sheet of an XLSX file, row by row.
func Rows(data []byte) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("файл XLSX не читается: %w", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("в файле XLSX нет листов")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		if len(out) >= maxRows {
			return nil, fmt.Errorf("в списке больше %d строк", maxRows)
		}
		cols, err := rows.Columns()
		if err != nil {
			return nil, err
		}
		out = append(out, cols)
	}
	return out, rows.Error()
}

// CSV turns the first sheet of an XLSX file into a CSV text separated by «;», for the same reader as a CSV list.
func CSV(data []byte) ([]byte, error) {
	rows, err := Rows(data)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Comma = ';'
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}
