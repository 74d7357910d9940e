package dev.crahub.timesheet.file;

import java.util.Locale;

import static dev.crahub.timesheet.file.Field.*;

/** Redmine "Spent time" CSV export, localized (en: {@code Date,User,Activity,Issue,Comment,Hours,Project}, mm/dd/yyyy, ISO-8859-1; fr: {@code Date;Utilisateur;Activité;Demande;Commentaire;Heures;Projet}, {@code 2,33}, dd/mm/yyyy, optionally UTF-8 with BOM). No start/end, no billable flag; the activity is the task, the issue heads the comment. */
public final class RedmineCsvReader extends TrackerExportReader {

    public RedmineCsvReader(TimesheetFileSettings.Source settings) {
        super(layout(), settings);
    }

    static ExportLayout layout() {
        return new ExportLayout("redmine")
                .language(Locale.ENGLISH, DATE, "Date", USER_NAME, "User", TASK, "Activity", ISSUE, "Issue",
                        COMMENT, "Comment", HOURS, "Hours", PROJECT, "Project", ID, "#")
                .language(Locale.FRENCH, DATE, "Date", USER_NAME, "Utilisateur", TASK, "Activité", ISSUE, "Demande",
                        COMMENT, "Commentaire", HOURS, "Heures", PROJECT, "Projet", ID, "#");
    }
}
