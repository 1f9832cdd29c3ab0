#!/usr/bin/env python3
"""Writes the hand-made fixtures of mailbridge/parse (notices in windows-1251 and KOI8-R, digests, HTML, replies
of each mail client, bounces, auto-replies). Fictional content; run from this folder: python3 make_fixtures.py.
The .eml files are committed; this script documents how their bytes were made."""
import base64, quopri, os

def b2047(s, cs):
    return "=?%s?B?%s?=" % (cs, base64.b64encode(s.encode(cs)).decode())

def q2047(s, cs):
    raw = s.encode(cs)
    out = ""
    for c in raw:
        ch = chr(c)
        if ch.isalnum() and c < 128:
            out += ch
        elif ch == " ":
            out += "_"
        else:
            out += "=%02X" % c
    return "=?%s?Q?%s?=" % (cs, out)

def qp(s, cs):
    return quopri.encodestring(s.encode(cs).replace(b"\n", b"\r\n")).decode("ascii")

def write(path, head, body_bytes):
    with open(path, "wb") as f:
        f.write(head.replace("\n", "\r\n").encode("ascii") + b"\r\n" + body_bytes)

# --- notices -----------------------------------------------------------------------------------------------

cp1251_body = """Добрый день!

НОМЕР ИНЦИДЕНТА - 4700001
дата выявления — 2026-01-13 10:14
Соц. сеть: ВК
Сообщество: паблик «Вороново LIVE»
Ссылка на публикацию: https://m.vk.com/wall-300000001_77
Автор сообщения: Иван Петров
Рубрика: Дороги
Населенный пункт: д. Вороново

Текст сообщения:
На въезде в Вороново яма на яме, вчера пробил колесо.
Когда отремонтируют?

Срок ответа: 13.01.2026 17:00

Дежурный ДИП
"""
write("notices/n01-cp1251.eml",
"""From: %s <duty@dip.tomsk.example>
To: koordinator@kozhevnikovo.example
Subject: %s
Date: Tue, 13 Jan 2026 10:30:00 +0700
Message-ID: <n01-cp1251@dip.tomsk.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=windows-1251
Content-Transfer-Encoding: 8bit
""" % (q2047("Дежурный ДИП", "windows-1251"), b2047("Вороново — ямы на дороге, инц. 4700001", "windows-1251")),
cp1251_body.replace("\n", "\r\n").encode("cp1251"))

koi8_body = """Уважаемые коллеги!

Инцидент N 4700002
Выявлен: 13 января 2026 г. в 10:14 (Москва)
Площадка: Telegram
Канал: "Уртам сегодня"
Адрес публикации: https://t.me/urtam_today/5120
Пользователь: Марина К.
Категория: ЖКХ / вывоз мусора

Суть обращения:
Контейнеры на Советской не вывозят вторую неделю, всё разнесли собаки.

С уважением,
ДИП ТО
"""
write("notices/n02-koi8r.eml",
"""From: %s <monitoring@dip.tomsk.example>
To: koordinator@kozhevnikovo.example
Subject: %s
Date: Tue, 13 Jan 2026 14:40:00 +0700
Message-ID: <n02-koi8r@dip.tomsk.example>
MIME-Version: 1.0
Content-Type: text/plain; charset="koi8-r"
Content-Transfer-Encoding: quoted-printable
""" % (b2047("Мониторинг ДИП", "koi8-r"), q2047("Мусор в Уртаме - инц. 4700002", "koi8-r")),
qp(koi8_body, "koi8-r").encode("ascii"))

digest_body = """Пересылаю дайджест за утро.

Иванова Е.
-- 
Иванова Елена, приёмная

-------- Пересылаемое сообщение --------
От: ДИП ТО <monitoring@dip.tomsk.example>
Дата: 14.01.2026 08:50
Кому: koordinator@kozhevnikovo.example
Тема: Дайджест сообщений из открытых источников

Коллеги, направляем 3 сообщения. Срок ответа по всем сообщениям: 14.01.2026 16:00

1.
Номер инцидента: 4700101
Дата выявления: 14.01.2026 07:05
Ссылка: https://vk.ru/wall-300000002_15
Автор: Олег Сидоров
Территория: с. Старая Ювала
Категория: Дороги
Текст сообщения:
В Старой Ювале не чистят дорогу к ферме.

Инцидент 2 из 3
Номер инцидента: 4700102
Дата выявления: 2026-01-14 07:40
Социальная сеть: ОК
Ссылка: https://ok.ru/group/1/topic/2
Автор: Нина Белова
Территория: д. Базой
Категория: Образование
Социально значимое: да
Текст сообщения:
В школе Базоя не работает отопление в спортзале.

Инцидент 3 из 3
Номер инцидента: 4700103
Дата выявления: 14.01.2026 08:10 МСК
Ссылка: https://www.fb.com/groups/555/posts/777
Автор: Пётр Н.
Территория: Песочнодубровка
Категория: Дороги
Связано с инцидентом: 4512937
Текст сообщения:
Снова не почистили дорогу, писали на прошлой неделе.
"""
write("notices/n03-digest3-plain.eml",
"""From: =?utf-8?B?%s?= <priemnaya@kozhevnikovo.example>
To: koordinator@kozhevnikovo.example
Subject: =?utf-8?B?%s?=
Date: Wed, 14 Jan 2026 09:00:00 +0700
Message-ID: <n03-digest@kozhevnikovo.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64
""" % (base64.b64encode("Иванова Елена".encode()).decode(), base64.b64encode("Fwd: Дайджест сообщений из открытых источников".encode()).decode()),
(base64.encodebytes(digest_body.replace("\n", "\r\n").encode()).decode().replace("\n", "\r\n")).encode())

digest_html = """<html><body>
<p>Коллеги, направляем сообщения за 15.01.2026.</p>
<table border="1">
<thead><tr><th>Номер инцидента</th><th>Дата выявления</th><th>Соцсеть</th><th>Ссылка</th><th>Автор</th><th>Населённый пункт</th><th>Категория</th><th>Текст сообщения</th></tr></thead>
<tbody>
<tr><td>4700201</td><td>15.01.2026&nbsp;09:12</td><td>ВКонтакте</td><td><a href="https://vk.com/wall-1_201">пост</a></td><td>Анна Л.</td><td>с.&nbsp;Малиновка</td><td>Транспорт</td><td>Автобус опять не пришёл &#128545;</td></tr>
<tr><td>4700202</td><td>15.01.2026 09:30 (мск)</td><td>Telegram</td><td><a href="https://t.me/chat/202">https://t.me/chat/202</a></td><td>@user202</td><td>Чилино</td><td>Энергоснабжение</td><td>Нет света с утра<br>на Береговой</td></tr>
</tbody></table>
<p>Срок промежуточного ответа: 15.01.2026 17:00 (по всем сообщениям)</p>
</body></html>
"""
write("notices/n04-digest2-html.eml",
"""From: monitoring@dip.tomsk.example
To: koordinator@kozhevnikovo.example
Subject: =?utf-8?Q?=D0=94=D0=B0=D0=B9=D0=B4=D0=B6=D0=B5=D1=81=D1=82?=
Date: Thu, 15 Jan 2026 10:00:00 +0700
Message-ID: <n04-digest-html@dip.tomsk.example>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable
""", qp(digest_html, "utf-8").encode("ascii"))

script_html = """<!DOCTYPE html><html><head><title>secret title</title>
<style>.x{color:red} body{background:url(http://tracker.example/bg.png)}</style>
<script>alert('owned'); document.location='http://evil.example/'</script></head>
<body onload="alert(1)">
<div style="display:none">скрытый прехедер не для глаз</div>
<img src="http://tracker.example/pixel.gif?id=42" width="1" height="1">
<p>Уважаемые коллеги!</p>
<table><tr><td>
 <table>
 <tr><td>Номер:</td><td>4700301</td></tr>
 <tr><td>Дата выявления</td><td>16.01.2026 11:00</td></tr>
 <tr><td>Ссылка на пост</td><td><a href="https://vk.com/wall-1_301">открыть запись</a></td></tr>
 <tr><td>Автор</td><td>Лидия &laquo;Л&raquo; &amp; Ко</td></tr>
 <tr><td>Территория</td><td>Кожевниково</td></tr>
 </table>
</td></tr></table>
<p><b>Текст:</b><br>Где обещанная горка? &#x1F3BF; Дети ждут с декабря&hellip;</p>
<noscript><img src="http://tracker.example/noscript.gif"></noscript>
<iframe src="http://evil.example/frame"></iframe>
<p>Подробнее: <a href="javascript:alert(2)">жми</a></p>
</body></html>
"""
write("notices/n05-html-script.eml",
"""From: monitoring@dip.tomsk.example
To: koordinator@kozhevnikovo.example
Subject: =?utf-8?B?%s?=
Date: Fri, 16 Jan 2026 11:10:00 +0700
Message-ID: <n05-html@dip.tomsk.example>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: 8bit
""" % base64.b64encode("Инцидент 4700301 — горка".encode()).decode(),
script_html.replace("\n", "\r\n").encode())

threat_body = """Номер инцидента: 4700401
Дата выявления: 17.01.2026 12:00
Соцсеть: ВКонтакте
Ссылка: https://vk.com/wall-1_401
Автор: Аноним
Территория: с. Кожевниково
Категория: Прочее
Примечание модератора: комментарий удалён автором через 10 минут

Текст сообщения:
Если глава не починит дорогу до пятницы, я его найду и сожгу ему дом. И семье его тоже достанется.
Адрес: ул. Ленина, 1 — пусть знает.

Промежуточный ответ направить в течение 7 рабочих часов.
"""
write("notices/n06-threat.eml",
"""From: monitoring@dip.tomsk.example
To: koordinator@kozhevnikovo.example
Subject: =?utf-8?B?%s?=
Date: Sat, 17 Jan 2026 12:10:00 +0700
Message-ID: <n06-threat@dip.tomsk.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit
""" % base64.b64encode("Угрозы главе — 4700401".encode()).decode(),
threat_body.replace("\n", "\r\n").encode())

# A forwarded notice as an attachment (message/rfc822) inside a covering letter.
inner = ("""From: monitoring@dip.tomsk.example
To: priemnaya@kozhevnikovo.example
Subject: =?utf-8?B?%s?=
Date: Sun, 18 Jan 2026 09:00:00 +0700
Message-ID: <n07-inner@dip.tomsk.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Номер инцидента: 4700501
Дата выявления: 18.01.2026 08:30
Ссылка: https://instagram.com/p/abc
Автор: @kozh_mama
Категория: Благоустройство
Текст сообщения:
На Кожевниковской площади не горит ёлка.
""" % base64.b64encode("ПОВТОРНОЕ: ёлка".encode()).decode()).replace("\n", "\r\n").encode()
outer_head = """From: priemnaya@kozhevnikovo.example
To: koordinator@kozhevnikovo.example
Subject: Fwd: notice
Date: Sun, 18 Jan 2026 09:30:00 +0700
Message-ID: <n07-outer@kozhevnikovo.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b07"
"""
outer_body = ("--b07\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
              "Пересылаю письмо ДИП во вложении.\r\n" +
              "--b07\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n").encode() + inner + b"\r\n--b07--\r\n"
write("notices/n07-forward-attached.eml", outer_head, outer_body)

# --- replies -----------------------------------------------------------------------------------------------

OWN = "Добрый день!\nГрейдер вышел сегодня в 9:00, к 16:00 улица будет расчищена. Фото во вложении.\n\n--\nПетров П.П., глава Кожевниковского сельского поселения\nтел. 8 (38244) 00-000"
TASK = "Прошу подготовить проект ответа по инциденту № 4512937.\nСрок: 13.01.2026 16:22."

def plain_reply(path, subject, body, cs="utf-8", cte="8bit", extra=""):
    head = """From: =?utf-8?B?%s?= <petrov@kozhevnikovo.example>
To: koordinator@kozhevnikovo.example
Subject: %s
Date: Tue, 13 Jan 2026 15:00:00 +0700
Message-ID: <%s@kozhevnikovo.example>
In-Reply-To: <task-0042@kozhevnikovo.example>
References: <task-0042@kozhevnikovo.example>
MIME-Version: 1.0
%sContent-Type: text/plain; charset=%s
Content-Transfer-Encoding: %s
""" % (base64.b64encode("Петров Пётр".encode()).decode(), subject, os.path.basename(path), extra, cs, cte)
    raw = body.replace("\n", "\r\n").encode(cs)
    if cte == "quoted-printable":
        raw = quopri.encodestring(raw)
    elif cte == "base64":
        raw = base64.encodebytes(raw).replace(b"\n", b"\r\n")
    write(path, head, raw)

subj = b2047("Re: [ОТК-2026-0042] Инцидент 4512937", "utf-8")
plain_reply("replies/r01-outlook-original-message-cp1251.eml", b2047("RE: [ОТК-2026-0042] Инцидент 4512937", "windows-1251"),
            OWN + "\n\n-----Исходное сообщение-----\nОт: Координатор [mailto:koordinator@kozhevnikovo.example]\nОтправлено: 13 января 2026 г. 10:30\nКому: Петров П.П.\nТема: [ОТК-2026-0042] Инцидент 4512937\n\n" + TASK + "\n",
            cs="windows-1251", cte="quoted-printable")
plain_reply("replies/r02-outlook-header-block.eml", subj,
            OWN + "\n\n________________________________\nОт: Координатор <koordinator@kozhevnikovo.example>\nОтправлено: вторник, 13 января 2026 г. 10:30\nКому: Петров П.П. <petrov@kozhevnikovo.example>\nТема: [ОТК-2026-0042] Инцидент 4512937\n\n" + TASK + "\n")
plain_reply("replies/r03-thunderbird-pishet.eml", subj,
            OWN + "\n\n13.01.2026 10:30, Координатор пишет:\n> " + TASK.replace("\n", "\n> ") + "\n", extra="User-Agent: Mozilla Thunderbird\n")
plain_reply("replies/r04-gmail-wrote-wrapped.eml", subj,
            OWN + "\n\nOn Tue, Jan 13, 2026 at 10:30 AM Координатор по работе с сообщениями <\nkoordinator@kozhevnikovo.example> wrote:\n\n> " + TASK.replace("\n", "\n> ") + "\n>\n", cte="base64")
plain_reply("replies/r05-gmail-ru.eml", subj,
            OWN + "\n\nвт, 13 янв. 2026 г. в 10:30, Координатор <koordinator@kozhevnikovo.example>:\n\n> " + TASK.replace("\n", "\n> ") + "\n")
plain_reply("replies/r06-yandex.eml", subj,
            OWN + "\n\n13.01.2026, 10:30, \"Координатор\" <koordinator@kozhevnikovo.example>:\n" + TASK.replace("№", "N") + "\n", cs="koi8-r", cte="quoted-printable")
# Mail.ru sends HTML with a blockquote; the text part is left out to make the HTML path carry it.
mailru_html = ("<html><body><div>" + OWN.replace("\n", "<br>") + "</div><br><br><br>"
               "Вторник, 13 января 2026, 10:30 +07:00 от Координатор &lt;koordinator@kozhevnikovo.example&gt;:<br>"
               "<blockquote style=\"border-left:1px solid #0857A6\"><div>" + TASK.replace("\n", "<br>") +
               "</div></blockquote></body></html>")
write("replies/r07-mailru-html.eml", """From: petrov@kozhevnikovo.example
To: koordinator@kozhevnikovo.example
Subject: %s
Date: Tue, 13 Jan 2026 15:00:00 +0700
Message-ID: <r07@mail.ru>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: base64
""" % subj, base64.encodebytes(mailru_html.encode()).replace(b"\n", b"\r\n"))
plain_reply("replies/r08-inline-quoting.eml", subj,
            "Петр Петров пишет:\n> Прошу подготовить проект ответа по инциденту № 4512937.\nГотовлю, будет к 15:00.\n> Срок: 13.01.2026 16:22.\nУспеем.\n\n--\nПетров П.П.\n")
plain_reply("replies/r09-thunderbird-wrapped-pishet.eml", subj,
            OWN + "\n\n13.01.2026 10:30, Координатор по работе с сообщениями из открытых\nисточников пишет:\n> " + TASK.replace("\n", "\n> ") + "\n")

# --- bounces, receipts and auto-replies ----------------------------------------------------------------------

original = """From: koordinator@kozhevnikovo.example
To: nobody@kozhevnikovo.example
Subject: =?utf-8?B?%s?=
Message-ID: <task-0042@kozhevnikovo.example>
Date: Tue, 13 Jan 2026 10:30:00 +0700

text
""" % base64.b64encode("[ОТК-2026-0042] Задача".encode()).decode()

def dsn(path, action, status, extra_subject):
    body = ("--dsn1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
            "This is the mail system at host mail.kozhevnikovo.example.\r\n\r\nI'm sorry to have to inform you that your message could not\r\nbe delivered to one or more recipients.\r\n\r\n<nobody@kozhevnikovo.example>: host said: 550 5.1.1 User unknown\r\n"
            "--dsn1\r\nContent-Type: message/delivery-status\r\n\r\n"
            "Reporting-MTA: dns; mail.kozhevnikovo.example\r\nArrival-Date: Tue, 13 Jan 2026 10:30:01 +0700\r\n\r\n"
            "Final-Recipient: rfc822; nobody@kozhevnikovo.example\r\nOriginal-Recipient: rfc822;nobody@kozhevnikovo.example\r\nAction: %s\r\nStatus: %s\r\n"
            "--dsn1\r\nContent-Type: message/rfc822\r\n\r\n" % (action, status)) + original.replace("\n", "\r\n") + "--dsn1--\r\n"
    write(path, """From: MAILER-DAEMON@mail.kozhevnikovo.example (Mail Delivery System)
To: koordinator@kozhevnikovo.example
Subject: %s
Date: Tue, 13 Jan 2026 10:30:02 +0700
Message-ID: <%s@mail.kozhevnikovo.example>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="dsn1"
""" % (extra_subject, os.path.basename(path)), body.encode())

dsn("reports/b01-dsn-failed.eml", "failed", "5.1.1", "Undelivered Mail Returned to Sender")
dsn("reports/b02-dsn-delayed.eml", "delayed", "4.4.1", "Delayed Mail (still being retried)")

write("reports/b03-exim-nonstandard.eml", """From: Mail Delivery System <Mailer-Daemon@mx.kozhevnikovo.example>
To: koordinator@kozhevnikovo.example
Subject: Mail delivery failed: returning message to sender
Date: Tue, 13 Jan 2026 10:31:00 +0700
Message-ID: <b03@mx.kozhevnikovo.example>
X-Failed-Recipients: ghost@kozhevnikovo.example
Auto-Submitted: auto-replied
Content-Type: text/plain; charset=us-ascii
""", ("This message was created automatically by mail delivery software.\r\n\r\nA message that you sent could not be delivered to one or more of its\r\nrecipients. This is a permanent error. The following address(es) failed:\r\n\r\n  ghost@kozhevnikovo.example\r\n    mailbox unavailable\r\n\r\n------ This is a copy of the message, including all the headers. ------\r\n\r\n" + original.replace("\n", "\r\n")).encode())

ru_bounce = ("Ваше сообщение не доставлено следующим адресатам:\n\n  ivanov@selo.example — почтовый ящик переполнен\n\n"
             "Заголовки исходного сообщения:\nFrom: koordinator@kozhevnikovo.example\nTo: ivanov@selo.example\nMessage-ID: <task-0077@kozhevnikovo.example>\nSubject: [OTK-2026-0077]\n")
write("reports/b04-ru-nonstandard.eml", """From: postmaster@selo.example
To: koordinator@kozhevnikovo.example
Subject: %s
Date: Tue, 13 Jan 2026 11:00:00 +0700
Message-ID: <b04@selo.example>
Content-Type: text/plain; charset=windows-1251
Content-Transfer-Encoding: 8bit
""" % b2047("Недоставленное сообщение", "windows-1251"), ru_bounce.replace("\n", "\r\n").encode("cp1251"))

write("reports/b05-read-receipt.eml", """From: petrov@kozhevnikovo.example
To: koordinator@kozhevnikovo.example
Subject: %s
Date: Tue, 13 Jan 2026 11:05:00 +0700
Message-ID: <b05@kozhevnikovo.example>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=disposition-notification; boundary="mdn"
""" % b2047("Прочитано: [ОТК-2026-0042] Инцидент 4512937", "utf-8"),
("--mdn\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nСообщение прочитано.\r\n"
 "--mdn\r\nContent-Type: message/disposition-notification\r\n\r\nFinal-Recipient: rfc822; petrov@kozhevnikovo.example\r\nDisposition: manual-action/MDN-sent-manually; displayed\r\n--mdn--\r\n").encode())

def auto(path, subject, extra, body="Я в отпуске до 20.01.2026. По срочным вопросам: Сидоров, тел. 00-00."):
    write(path, """From: sidorov@kozhevnikovo.example
To: koordinator@kozhevnikovo.example
Subject: %s
Date: Tue, 13 Jan 2026 10:31:00 +0700
Message-ID: <%s@kozhevnikovo.example>
In-Reply-To: <task-0042@kozhevnikovo.example>
%sContent-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64
""" % (subject, os.path.basename(path), extra), base64.encodebytes(body.encode()).replace(b"\n", b"\r\n"))

auto("reports/a01-auto-submitted.eml", b2047("Автоответ: Re: [ОТК-2026-0042] Инцидент 4512937", "utf-8"), "Auto-Submitted: auto-replied\n")
auto("reports/a02-x-autoreply.eml", b2047("Re: [ОТК-2026-0042] Инцидент 4512937", "utf-8"), "X-Autoreply: yes\n")
auto("reports/a03-precedence.eml", "Re: task", "Precedence: auto_reply\n")
auto("reports/a04-out-of-office.eml", "Out of Office: [OTK-2026-0042]", "")
auto("reports/a05-otpusk-subject.eml", b2047("Отпуск", "utf-8"), "")
auto("reports/a06-net-na-meste.eml", b2047("Нет на месте до 20 января", "koi8-r"), "")
auto("reports/a07-x-autorespond.eml", "Re: task", "X-Autorespond: Re: task\n")
