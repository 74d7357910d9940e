package dev.crahub.timesheet.file;

import java.util.Locale;

import static dev.crahub.timesheet.file.Field.*;

/** Kimai export (CSV or XLSX), headers in the users language (fr: {@code Date,De,À,Durée,...,Utilisateur,Client,Projet,Activité,Description,Facturable}); durations {@code 7:30} in CSV, day fractions in XLSX. */
public final class KimaiCsvReader extends TrackerExportReader {

    public KimaiCsvReader(TimesheetFileSettings.Source settings) {
        super(layout(), settings);
    }

    static ExportLayout layout() {
        return new ExportLayout("kimai")
                .language(Locale.FRENCH, DATE, "Date", START_TIME, "De", END_TIME, "À", DURATION, "Durée",
                        USER_NAME, "Utilisateur", USER_NAME, "Nom", USER_ID, "Nom d'utilisateur", CLIENT, "Client",
                        PROJECT, "Projet", TASK, "Activité", COMMENT, "Description", BILLABLE, "Facturable",
                        EMAIL, "E-mail", ID, "ID")
                .language(Locale.ENGLISH, DATE, "Date", START_TIME, "From", END_TIME, "To", DURATION, "Duration",
                        USER_NAME, "User", USER_NAME, "Name", USER_ID, "Username", CLIENT, "Customer", PROJECT, "Project",
                        TASK, "Activity", COMMENT, "Description", BILLABLE, "Billable", EMAIL, "Email", ID, "ID")
                .language(Locale.GERMAN, DATE, "Datum", START_TIME, "Von", END_TIME, "Bis", DURATION, "Dauer",
                        USER_NAME, "Benutzer", CLIENT, "Kunde", PROJECT, "Projekt", TASK, "Tätigkeit",
                        COMMENT, "Beschreibung", BILLABLE, "Abrechenbar");
    }
}
