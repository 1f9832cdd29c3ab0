package main

const usage = `Отклик — рабочее место координатора по сообщениям из открытых источников.

Использование:
  otklik [--data ПАПКА]                      окно координатора
  otklik demo [--keep]                       демонстрация со встроенными почтовыми серверами
  otklik setup --config ФАЙЛ.toml            применить файл настроек
  otklik setup --config ФАЙЛ.toml --reset-access АДМИН   восстановить доступ, когда все пароли утеряны
  otklik sync [--once]                       получить почту, обработать, отправить исходящие
  otklik cases [--status S] [--json]         сообщения, самые срочные первыми
  otklik case ID [--json]                    одно сообщение с поручениями, проектами, ответами и историей
  otklik dispatch ID --to ИСП[,..] [--sequential] [--lead ИСП] [--note ТЕКСТ]
  otklik return ID --executor ИСП --note ТЕКСТ
  otklik answer ID --kind interim|final --text-file ФАЙЛ [--attach ФАЙЛ]... [--attach-draft-files]
  otklik reject ID --reason obscene|insult|threat|harm|out-of-scope [--note ТЕКСТ]
  otklik escalate ID [--note ТЕКСТ]
  otklik link ID --repeat-of ID
  otklik triage [--json] | triage attach MAILID --case ID | triage dismiss MAILID --note ТЕКСТ
  otklik report shortcomings|summary --from ГГГГ-ММ-ДД --to ГГГГ-ММ-ДД [--out ФАЙЛ.xlsx|ФАЙЛ.pdf] [--send]
  otklik users add --login Л --name ФИО --position ДОЛЖНОСТЬ --role R --email АДРЕС | users list
  otklik users passwd|disable|enable ЛОГИН   (новый пароль для passwd и add: OTKLIK_NEW_PASSWORD или вопрос)
  otklik absence add --absent X --substitute Y --from T --to T | absence list | absence end ID
  otklik calendar show [ГОД] | calendar import ФАЙЛ.xml|ФАЙЛ.json | calendar due --received T [--interim-sent T]
  otklik backup --out ФАЙЛ | restore ФАЙЛ | check
  otklik audit [--json] [--out ФАЙЛ.csv]      журнал действий (выгрузка для управляющего делами)

Общие флаги: --data ПАПКА (или OTKLIK_DATA), --user ЛОГИН (пароль в OTKLIK_PASSWORD, иначе вопрос в терминале),
--json (один документ JSON на stdout).
Коды выхода: 0 готово, 1 ошибка, 2 неверный вызов или файл настроек, 3 отказано правилом, 4 папка данных занята.
`
