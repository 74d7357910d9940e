package dev.crahub.timesheet.file;

import java.util.Locale;

import static dev.crahub.timesheet.file.Field.*;

/** Toggl Track "Detailed" export (CSV or XLSX): {@code User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (EUR)}; {@code Billable} in the UI language ({@code いいえ}, {@code Non}), no entry id (fingerprint). */
public final class TogglCsvReader extends TrackerExportReader {

    public TogglCsvReader(TimesheetFileSettings.Source settings) {
        super(layout(), settings);
    }

    static ExportLayout layout() {
        return new ExportLayout("toggl")
                .language(Locale.ENGLISH, USER_NAME, "User", EMAIL, "Email", CLIENT, "Client", PROJECT, "Project",
                        TASK, "Task", COMMENT, "Description", BILLABLE, "Billable", START_DATE, "Start date",
                        START_TIME, "Start time", END_DATE, "End date", END_TIME, "End time", DURATION, "Duration", ID, "ID")
                .language(Locale.FRENCH, USER_NAME, "Utilisateur", EMAIL, "E-mail", EMAIL, "Courriel", CLIENT, "Client",
                        PROJECT, "Projet", TASK, "Tâche", COMMENT, "Description", BILLABLE, "Facturable",
                        START_DATE, "Date de début", START_TIME, "Heure de début", END_DATE, "Date de fin",
                        END_TIME, "Heure de fin", DURATION, "Durée")
                .language(Locale.JAPANESE, USER_NAME, "ユーザー", EMAIL, "メール", CLIENT, "クライアント",
                        PROJECT, "プロジェクト", TASK, "タスク", COMMENT, "説明", BILLABLE, "請求可能",
                        START_DATE, "開始日", START_TIME, "開始時刻", END_DATE, "終了日", END_TIME, "終了時刻",
                        DURATION, "期間");
    }
}
