// Package settings owns Otklik's settings file (`otklik setup --config FILE.toml`, see CLI.md "The settings
// file"): its schema, its defaults and its validation. Parse turns the TOML text into a File with every optional
// key defaulted, or into Errors — one per problem, each naming the dotted key and its line, in Russian — so that
// an administrator can fix a whole file in one pass.
//
// It imports the standard library and github.com/BurntSushi/toml only: never domain, storage, mailbridge, ui or
// Fyne. Whoever applies the settings (setup, the window) converts a File into their own types.
package settings
