package assets

import (
	"embed"
	"io/fs"
	"strings"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

// Templates returns the e-mail templates by mail kind (the file name without .tmpl).
func Templates() map[string]string {
	out := map[string]string{}
	entries, _ := fs.ReadDir(templateFS, "templates")
	for _, e := range entries {
		b, err := templateFS.ReadFile("templates/" + e.Name())
		if err == nil {
			out[strings.TrimSuffix(e.Name(), ".tmpl")] = string(b)
		}
	}
	return out
}
