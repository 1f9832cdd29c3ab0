// Package reports owns Otklik's reports for the Head of the district and the supervisor: the shortcomings memo
// of П.15–П.16 (who let a deadline pass, per executor and unit, and the coordinator's own lateness) and the summary
// of the period (cases by network, settlement, category and executor, answers on time, working time to the
// answers, repeats, rejections, escalations, surges). Each report is built from cases into a plain value and then
// written as XLSX (excelize: real tables, widths, dates as dates), as PDF (fpdf with the embedded DejaVu Sans, so
// Cyrillic prints everywhere; charts drawn with fpdf's own rectangles and lines), or as the memo's plain text for
// the e-mail to the Head.
//
// The package reads domain types and never changes them. It must never import storage (bbolt), the UI (Fyne) or the
// mail libraries: the caller loads the cases and sends the file.
//
// # Definitions
//
// Working time is the administration's schedule over the production calendar (worktime.Calc); every "late by" is
// working time from the deadline to the moment the thing was done (or to Options.Now when it was not). When the
// calendar lacks a year the wall-clock difference is used instead, so a report never fails for a missing year.
//
// A period is the dates From..To, both inclusive, in the organisation's zone: [From 00:00, To+1 day 00:00).
// The summary takes the cases received (ReceivedAt) in the period; the shortcomings memo takes every deadline that
// falls in the period, whatever the case's receipt date.
//
// Executors (П.8, П.15). A task's draft is late when the draft came after the task's due time (DraftAt > Due), and
// missed when there is no draft and Now is past the due time. A task may carry two deadlines: the interim drafts'
// (П.8: the case's drafts_due) and, once the interim answer was sent, the final drafts' (П.10: final_drafts_due, which
// the domain writes into Task.Due at that moment). Each is judged on its own with the drafts of that kind
// (Draft.Kind), so a late interim draft is not hidden by the later final deadline. The draft that counts is the
// first one not returned for rework: a draft sent back and never resubmitted is no draft, and a reworked draft is
// judged by when it came (the due time stays, domain.ReturnDraft). When the case holds no draft records for the
// task, Task.DraftAt stands for the draft of the task's current deadline.
// A deadline lapses, and is not counted at all, when the answer it served was approved by the due time without a
// draft in time (the coordinator answered without waiting; a draft coming after that was not needed), when a
// bounced task has no draft, and when the case was rejected and no draft came (the case keeps no rejection time, so its
// drafts cannot be judged missed). A task that never reached the executor (pending in a sequence, or its mail never
// left: no SentAt and no draft) has no deadline. A missed draft is late by the working time from the due time to the moment the
// answer it served went out without it, or to Now while that answer is still owed. "Tasks" in an executor's line
// counts that executor's deadlines in the period that did not lapse.
//
// Coordinator (П.6, П.7, П.9, П.10).
//   - dispatch_late: П.6 says «незамедлительно». The dispatch is the earliest Task.SentAt of the case's current
//     cycle; it is not prompt when it came more than Options.DispatchPrompt of working time after ClockStart (due =
//     ClockStart + DispatchPrompt). A case with no dispatch and no answer that is still open past that due time is
//     listed too, with no completion time; a case the coordinator answered herself needs no dispatch.
//   - interim_late: the first answer (interim or final: П.7 asks for an answer within 7 working hours, П.9 for it
//     to go before the term ends) approved after AnswerDue (Answer.ApprovedAt > AnswerDue); or no answer at all
//     while Now is past AnswerDue on a case that is not rejected.
//   - final_late: FinalSentAt > FinalDue (П.10), or no final answer while Now is past FinalDue.
//
// Lateness is decided on the clock (done after due); its size is working time. So an answer approved at 18:30 for
// a deadline of 18:00 is listed, late by «менее 1 мин» of working time.
//
// After a reopen (ReopenedAt) only the current cycle's dispatches and answers are judged, against the recomputed
// deadlines; the domain keeps no deadlines of the earlier cycle.
//
// Summary (П.16, П.17). Cases received in the period, by network, settlement, category and executor (a case with
// two executors counts once for each). On time share = cases whose first answer was approved by AnswerDue, over
// cases not rejected whose first answer was due (answered, or AnswerDue already past); the final answers' share
// likewise over FinalDue. Medians are working time from ClockStart to the first answer and to FinalSentAt. Repeats
// are cases with a confirmed RepeatOf; escalations are cases with EscalatedAt. A surge is Options.SurgeCases or
// more cases on one settlement (or one category) received within Options.SurgeWindow of working time; overlapping
// windows merge into one surge.
package reports
