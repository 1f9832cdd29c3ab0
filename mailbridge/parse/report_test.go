package parse

import (
	"slices"
	"testing"
)

// Mail conventions: bounces mark the task «not delivered», auto-replies mark the executor «away», and neither —
// nor a delay report or a read receipt — may become a draft.
func TestKinds(t *testing.T) {
	tests := []struct {
		file       string
		kind       Kind
		recipients []string
		originalID string
	}{
		{"testdata/reports/b01-dsn-failed.eml", Bounce, []string{"nobody@kozhevnikovo.example"}, "task-0042@kozhevnikovo.example"},
		{"testdata/reports/b02-dsn-delayed.eml", Notification, nil, ""},
		{"testdata/reports/b03-exim-nonstandard.eml", Bounce, []string{"ghost@kozhevnikovo.example"}, "task-0042@kozhevnikovo.example"},
		{"testdata/reports/b04-ru-nonstandard.eml", Bounce, []string{"ivanov@selo.example"}, "task-0077@kozhevnikovo.example"},
		{"testdata/reports/b05-read-receipt.eml", Notification, nil, ""},
		{"testdata/reports/a01-auto-submitted.eml", AutoReply, nil, ""},
		{"testdata/reports/a02-x-autoreply.eml", AutoReply, nil, ""},
		{"testdata/reports/a03-precedence.eml", AutoReply, nil, ""},
		{"testdata/reports/a04-out-of-office.eml", AutoReply, nil, ""},
		{"testdata/reports/a05-otpusk-subject.eml", AutoReply, nil, ""},
		{"testdata/reports/a06-net-na-meste.eml", AutoReply, nil, ""},
		{"testdata/reports/a07-x-autorespond.eml", AutoReply, nil, ""},
		{"testdata/replies/r03-thunderbird-pishet.eml", Ordinary, nil, ""},
		{"testdata/replies/r01-outlook-original-message-cp1251.eml", Ordinary, nil, ""},
		{"testdata/samples/01-vk-doroga-kozhevnikovo-qp.eml", Ordinary, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m := readFile(t, tt.file)
			if m.Kind != tt.kind {
				t.Errorf("Kind = %v, want %v", m.Kind, tt.kind)
			}
			if !slices.Equal(m.BounceRecipients, tt.recipients) || m.BounceMessageID != tt.originalID {
				t.Errorf("bounce recipients %q id %q, want %q %q", m.BounceRecipients, m.BounceMessageID, tt.recipients, tt.originalID)
			}
		})
	}
}

func TestKindFromSubjectsAndHeaders(t *testing.T) {
	tests := []struct {
		name, raw string
		kind      Kind
	}{
		{"Outlook automatic reply", "From: a@b.ru\nSubject: Автоматический ответ: задача\n\nВ отпуске", AutoReply},
		{"English automatic reply", "From: a@b.ru\nSubject: Automatic reply: task\n\naway", AutoReply},
		{"holiday reply in a Re:", "From: a@b.ru\nSubject: RE: Отпуск до 20 января\n\nx", AutoReply},
		{"a reply about holidays is not one", "From: a@b.ru\nSubject: Re: график отпусков\n\nграфик приложен", Ordinary},
		{"auto-generated notice is ordinary", "From: a@b.ru\nAuto-Submitted: auto-generated\nSubject: Инцидент 4512937\n\nx", Ordinary},
		{"X-Autoreply: no", "From: a@b.ru\nX-Autoreply: no\nSubject: Re: x\n\nx", Ordinary},
		{"postmaster without a known subject", "From: postmaster@b.ru\nSubject:\n\nsomething failed", Bounce},
		{"daemon delay", "From: MAILER-DAEMON@b.ru\nSubject: Warning: message 1abc delayed 24 hours\n\nstill trying", Notification},
		{"failed subject from an auto-submitted sender", "From: robot@b.ru\nAuto-Submitted: auto-replied\nSubject: Delivery Status Notification (Failure)\n\nx@y.ru", Bounce},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if m := mustRead(t, tt.raw); m.Kind != tt.kind {
				t.Errorf("Kind = %v, want %v", m.Kind, tt.kind)
			}
		})
	}
}
