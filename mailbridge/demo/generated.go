package demo

import (
	"bytes"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"strings"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// The notices below carry the Department's own deadline, so they are written at delivery time with dates relative
// to now (the sample files' dates are long past). They keep the samples' styles: HTML only, a photo attachment
// with an RFC 2231 name, a windows-1251 body and subject, and an HTML digest of two incidents.

func tomorrowAt(now time.Time, hour int) time.Time {
	d := now.AddDate(0, 0, 1)
	return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, now.Location())
}

func qp(s string) string {
	var b bytes.Buffer
	w := quotedprintable.NewWriter(&b)
	w.Write([]byte(strings.ReplaceAll(s, "\n", "\r\n")))
	w.Close()
	return b.String()
}

func noticeHeader(from, subject, id string, now time.Time, extra string) string {
	return fmt.Sprintf("From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s.%d@dip.tomsk.example>\r\n%sMIME-Version: 1.0\r\n",
		from, Mailbox, mime.BEncoding.Encode("utf-8", subject), now.Format(time.RFC1123Z), id, now.Unix(), extra)
}

func htmlOnlyNotice(now time.Time) []byte {
	due := tomorrowAt(now, 17)
	html := fmt.Sprintf(`<html><body><p>Уважаемые коллеги!</p>
<table border="1"><tr><td>Номер инцидента</td><td>4560211</td></tr>
<tr><td>Соцсеть</td><td>ВКонтакте</td></tr>
<tr><td>Ссылка</td><td><a href="https://vk.com/wall-200000512_7731">https://vk.com/wall-200000512_7731</a></td></tr>
<tr><td>Автор</td><td>Ольга Тимофеева</td></tr>
<tr><td>Населённый пункт</td><td>с. Новопокровка</td></tr>
<tr><td>Категория</td><td>Уличное освещение</td></tr>
<tr><td>Дата выявления</td><td>%s</td></tr></table>
<p>Текст сообщения:</p><p>Вторую неделю не горят фонари на Центральной от школы до остановки. Дети ходят в темноте &#128546;</p>
<p style="color:#c00000"><b>Срок промежуточного ответа: до %s</b></p><img src="https://tracker.example/pixel.gif"></body></html>`,
		now.Add(-40*time.Minute).Format("02.01.2006 15:04"), due.Format("15:04 02.01.2006"))
	return []byte(noticeHeader("a.vetrova@dip.tomsk.example", "Инцидент №4560211 Новопокровка", "4560211", now, "") +
		"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + qp(html))
}

func photoNotice(now time.Time) []byte {
	due := tomorrowAt(now, 12)
	text := fmt.Sprintf(`Номер инцидента: 4612044
Дата выявления: %s
Соцсеть: ВКонтакте
Ссылка: https://vk.com/wall-200000640_1205
Автор: Павел Зуев
Населённый пункт: Чилино
Категория: Энергоснабжение
Текст сообщения:
На Береговой упало дерево на провода, света нет с утра. Фото прилагаю.

Срок промежуточного ответа: %s`, now.Add(-20*time.Minute).Format("02.01.2006 15:04"), due.Format("02.01.2006 15:04"))
	name := "Скриншот " + now.Format("2006-01-02 в 15.04") + ".png"
	var b strings.Builder
	b.WriteString(noticeHeader("a.vetrova@dip.tomsk.example", "Чилино — упало дерево на провода", "4612044", now, ""))
	b.WriteString("Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	b.WriteString(qp(text))
	b.WriteString("\r\n--b1\r\nContent-Type: image/png; name=\"" + mime.BEncoding.Encode("utf-8", name) + "\"\r\n")
	b.WriteString("Content-Disposition: " + mime.FormatMediaType("attachment", map[string]string{"filename": name}) +
		"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	b.WriteString(photoBase64())
	b.WriteString("\r\n--b1--\r\n")
	return []byte(b.String())
}

func cp1251Notice(now time.Time) []byte {
	enc := charmap.Windows1251.NewEncoder()
	due := tomorrowAt(now, 17)
	text := fmt.Sprintf("Добрый день!\r\n\r\nНомер инцидента - 4700001\r\nДата выявления - %s\r\nСоц. сеть: ВК\r\nИсточник: «Вороново LIVE»\r\nСсылка на публикацию: https://m.vk.com/wall-300000001_77\r\nАвтор сообщения: Иван Петров\r\nРубрика: Дороги\r\nНаселенный пункт: с. Вороново\r\n\r\nТекст сообщения:\r\nНа въезде в Вороново яма на яме, вчера пробили колесо.\r\nКогда отремонтируют?\r\n\r\nСрок ответа: %s\r\n\r\nДежурный ДИП\r\n",
		now.Add(-30*time.Minute).Format("2006-01-02 15:04"), due.Format("02.01.2006 15:04"))
	body, _ := enc.String(text)
	subj, _ := enc.String("Вороново — ямы на дороге, инц. 4700001")
	from, _ := enc.String("Дежурный ДИП")
	return []byte(fmt.Sprintf("From: %s <duty@dip.tomsk.example>\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <n01-cp1251.%d@dip.tomsk.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=windows-1251\r\nContent-Transfer-Encoding: 8bit\r\n\r\n%s",
		mime.QEncoding.Encode("windows-1251", from), Mailbox, mime.BEncoding.Encode("windows-1251", subj), now.Format(time.RFC1123Z), now.Unix(), body))
}

func digestNotice(now time.Time) []byte {
	due := tomorrowAt(now, 17)
	html := fmt.Sprintf(`<html><body><p>Направляем 2 сообщения.</p>
<h3>Сообщение 1</h3><table><tr><td>Номер инцидента</td><td>4700201</td></tr><tr><td>Соцсеть</td><td>Одноклассники</td></tr>
<tr><td>Ссылка</td><td>https://ok.ru/group/70000000000002/topic/155500000000201</td></tr><tr><td>Автор</td><td>Нина Белова</td></tr>
<tr><td>Населённый пункт</td><td>д. Базой</td></tr><tr><td>Категория</td><td>Вывоз мусора</td></tr>
<tr><td>Текст сообщения</td><td>Мусор не вывозят вторую неделю, контейнеры переполнены.</td></tr></table>
<h3>Сообщение 2</h3><table><tr><td>Номер инцидента</td><td>4700202</td></tr><tr><td>Соцсеть</td><td>Telegram</td></tr>
<tr><td>Ссылка</td><td>https://t.me/kozh_chat/5120</td></tr><tr><td>Автор</td><td>@sergey_k</td></tr>
<tr><td>Населённый пункт</td><td>с. Старая Ювала</td></tr><tr><td>Категория</td><td>Дороги</td></tr>
<tr><td>Текст сообщения</td><td>Дорогу к ферме замело, молоковоз не проходит.</td></tr></table>
<p>Срок промежуточного ответа: %s (по всем сообщениям)</p></body></html>`, due.Format("02.01.2006 15:04"))
	return []byte(noticeHeader("monitoring@dip.tomsk.example", "Дайджест: 2 сообщения из открытых источников", "digest", now, "") +
		"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + qp(html))
}

// generated are the notices written at delivery time, by their place in the delivery order.
var generated = []func(time.Time) []byte{htmlOnlyNotice, photoNotice, cp1251Notice, digestNotice}
