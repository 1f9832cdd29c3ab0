// Package assets embeds what Otklik ships with: the production calendar and working-hour presets, the e-mail
// templates and the icon. It only embeds; it imports nothing of the project.
package assets
