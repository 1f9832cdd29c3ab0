package domain

import "strings"

// Accusative puts a Russian full name («Фамилия Имя Отчество») in the accusative case, as «за кого» needs it:
// «Маслова Е. А. за Бирюкову И. А.» (UI.md), «исполняющая обязанности координатора за Бирюкову Ирину
// Александровну». The rules are those of the common names of the district's staff: the patronymic tells the
// gender (else the surname does); surnames in -ов/-ев/-ин and -ский/-цкий decline, foreign-looking ones that do
// not decline (-ко, -их, -ых, a woman's consonant ending) stay. A name the rules do not know is left as written:
// unchanged is still readable, a wrong ending is not.
func Accusative(full string) string {
	parts := strings.Fields(full)
	if len(parts) < 2 || !isCyrillicName(parts) {
		return full
	}
	female, known := nameGender(parts)
	if !known {
		return full
	}
	parts[0] = surnameAccusative(parts[0], female)
	parts[1] = firstNameAccusative(parts[1], female)
	if len(parts) > 2 {
		parts[2] = patronymicAccusative(parts[2], female)
	}
	return strings.Join(parts, " ")
}

// ShortFor is the short name as «за кого» needs it: «Бирюкову И. А.».
func ShortFor(full string) string { return ShortName(Accusative(full)) }

// IsFemaleName tells from a full name whether the person is a woman (for «исполняющая» / «исполняющий»); false
// when the name does not tell.
func IsFemaleName(full string) bool {
	parts := strings.Fields(full)
	if len(parts) < 2 {
		return false
	}
	female, known := nameGender(parts)
	return known && female
}

func isCyrillicName(parts []string) bool {
	for _, p := range parts {
		for _, r := range p {
			if !(r >= 'А' && r <= 'я' || r == 'ё' || r == 'Ё' || r == '-') {
				return false
			}
		}
	}
	return true
}

func nameGender(parts []string) (female, known bool) {
	if len(parts) > 2 {
		p := strings.ToLower(parts[2])
		switch {
		case strings.HasSuffix(p, "вна"), strings.HasSuffix(p, "чна"):
			return true, true
		case strings.HasSuffix(p, "ич"):
			return false, true
		}
	}
	s := strings.ToLower(parts[0])
	for _, end := range []string{"ова", "ева", "ёва", "ина", "ына", "ская", "цкая"} {
		if strings.HasSuffix(s, end) {
			return true, true
		}
	}
	for _, end := range []string{"ов", "ев", "ёв", "ин", "ын", "ский", "цкий"} {
		if strings.HasSuffix(s, end) {
			return false, true
		}
	}
	return false, false
}

func surnameAccusative(s string, female bool) string {
	low := strings.ToLower(s)
	has := func(end string) bool { return strings.HasSuffix(low, end) }
	cut := func(n int, add string) string { r := []rune(s); return string(r[:len(r)-n]) + add }
	if female {
		switch {
		case has("ова"), has("ева"), has("ёва"), has("ина"), has("ына"):
			return cut(1, "у")
		case has("ская"), has("цкая"):
			return cut(2, "ую")
		}
		return s // Шевчук, Петренко: a woman's surname that does not decline
	}
	switch {
	case has("ский"), has("цкий"):
		return cut(2, "ого")
	case has("ко"), has("их"), has("ых"), has("о"), has("е"), has("и"), has("у"), has("ю"):
		return s
	case has("ой"), has("ый"):
		return cut(2, "ого")
	case has("а"):
		return cut(1, "у")
	case has("я"):
		return cut(1, "ю")
	case has("й"), has("ь"):
		return cut(1, "я")
	}
	return s + "а" // Иванов, Кузнецов, Шевчук
}

// irregularMale are the first names whose stem changes (a fleeting vowel, ё).
var irregularMale = map[string]string{"Пётр": "Петра", "Петр": "Петра", "Павел": "Павла", "Лев": "Льва"}

func firstNameAccusative(n string, female bool) string {
	low := strings.ToLower(n)
	r := []rune(n)
	switch {
	case female && strings.HasSuffix(low, "а"):
		return string(r[:len(r)-1]) + "у"
	case female && strings.HasSuffix(low, "я"):
		return string(r[:len(r)-1]) + "ю"
	case female:
		return n // Любовь
	}
	if v, ok := irregularMale[n]; ok {
		return v
	}
	switch {
	case strings.HasSuffix(low, "а"):
		return string(r[:len(r)-1]) + "у" // Никита
	case strings.HasSuffix(low, "я"):
		return string(r[:len(r)-1]) + "ю" // Илья
	case strings.HasSuffix(low, "й"), strings.HasSuffix(low, "ь"):
		return string(r[:len(r)-1]) + "я" // Сергей, Игорь
	case strings.HasSuffix(low, "о"), strings.HasSuffix(low, "е"), strings.HasSuffix(low, "и"):
		return n
	}
	return n + "а" // Олег, Иван
}

func patronymicAccusative(p string, female bool) string {
	low := strings.ToLower(p)
	r := []rune(p)
	switch {
	case female && (strings.HasSuffix(low, "вна") || strings.HasSuffix(low, "чна")):
		return string(r[:len(r)-1]) + "у"
	case !female && strings.HasSuffix(low, "ич"):
		return p + "а"
	}
	return p
}
