package dev.crahub.timesheet.file;

import java.util.Locale;

import static dev.crahub.timesheet.file.Field.*;

/** Clockify "Detailed report" (CSV or XLSX): {@code Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,End Date,End Time,Duration (h),Duration (decimal),...}; dates and times follow the user profile ({@code 09/15/2026}, {@code 02:00 PM}); a trailing {@code Total} row is ignored. No real export was found: the test fixture is written from the documented header. */
public final class ClockifyCsvReader extends TrackerExportReader {

    public ClockifyCsvReader(TimesheetFileSettings.Source settings) {
        super(layout(), settings);
    }

    static ExportLayout layout() {
        return new ExportLayout("clockify")
                .language(Locale.ENGLISH, PROJECT, "Project", CLIENT, "Client", COMMENT, "Description", TASK, "Task",
                        USER_NAME, "User", EMAIL, "Email", BILLABLE, "Billable", START_DATE, "Start Date",
                        START_TIME, "Start Time", END_DATE, "End Date", END_TIME, "End Time", DURATION, "Duration (h)",
                        HOURS, "Duration (decimal)", ID, "ID")
                .language(Locale.FRENCH, PROJECT, "Projet", CLIENT, "Client", COMMENT, "Description", TASK, "Tâche",
                        USER_NAME, "Utilisateur", EMAIL, "E-mail", BILLABLE, "Facturable", START_DATE, "Date de début",
                        START_TIME, "Heure de début", END_DATE, "Date de fin", END_TIME, "Heure de fin",
                        DURATION, "Durée (h)", HOURS, "Durée (décimal)");
    }
}
