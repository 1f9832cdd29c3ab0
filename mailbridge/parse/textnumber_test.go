package parse

import (
	"testing"
	"time"
)

// A number inside the citizen's text is part of the text, not a new incident (a false case would be created).
func TestNumberInCitizenTextIsNotAnIncident(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Tomsk")
	for _, text := range []string{
		"Когда почистят улицу номер 150?\nУже неделю не чистят.",
		"Когда почистят улицу?\nНомер 150 на доме давно упал.",
		"Звонили по номеру 8-913-000-00-00, никто не отвечает.\nСделайте что-нибудь!",
		"Номер дома: 15. Воды нет третий день.",
		"Инцидент на остановке № 4 — опять нет автобуса.",
	} {
		m := &Message{Subject: "Инцидент 4512937", Text: "Номер инцидента: 4512937\nСоцсеть: ВКонтакте\nНаселённый пункт: Кожевниково\nТекст сообщения:\n" + text + "\n\nСрок ответа: 14.01.2026 09:22\n"}
		incs, err := Notice(m, loc, []string{"Кожевниково"})
		if err != nil {
			t.Fatal(err)
		}
		if len(incs) != 1 || incs[0].Number != "4512937" || incs[0].Text == "" {
			t.Errorf("%q: %d incidents, first %q with text %q", text, len(incs), incs[0].Number, incs[0].Text)
		}
	}
}
