package ui

import (
	"embed"
	"os"
	"runtime"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// The keys are the Russian texts themselves, so that a key missing from a translation still shows Russian.
//
//go:embed translations/*.json
var translations embed.FS

var (
	translationsOnce sync.Once
	english          bool
)

// englishLoaded reports whether the window speaks English (the system asked for it).
func englishLoaded() bool {
	loadTranslations()
	return english
}

// loadTranslations makes Russian the default: Fyne falls back to English when the system names no language it
// knows (LANG=C on many Linux installs), so the English file is added only when the system asks for English.
func loadTranslations() {
	translationsOnce.Do(func() {
		if systemLanguage() == "en" {
			english = true
			if err := lang.AddTranslationsFS(translations, "translations"); err != nil {
				fyne.LogError("ui translations", err)
			}
			return
		}
		ru, err := translations.ReadFile("translations/ru.json")
		if err == nil {
			err = lang.AddTranslationsForLocale(ru, fyne.Locale("ru"))
		}
		if err != nil {
			fyne.LogError("ui translations", err)
		}
	})
}

// systemLanguage is the language the system names, "" when it names none. Fyne's SystemLocale says "en" also
// for LANG=C or POSIX (a bare server, a service account), which is no request for English.
func systemLanguage() string {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" || runtime.GOOS == "android" || runtime.GOOS == "ios" {
		return lang.SystemLocale().LanguageString() // these systems always name the user's language
	}
	locale := ""
	for _, env := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if locale = os.Getenv(env); locale != "" {
			break
		}
	}
	if locale == "" || locale == "C" || locale == "POSIX" || strings.HasPrefix(locale, "C.") {
		return ""
	}
	if languages := os.Getenv("LANGUAGE"); languages != "" { // gettext: LANGUAGE wins unless the locale is C
		locale = strings.Split(languages, ":")[0]
	}
	base, _, _ := strings.Cut(locale, ".")
	base, _, _ = strings.Cut(base, "_")
	base, _, _ = strings.Cut(base, "-")
	return strings.ToLower(base)
}
