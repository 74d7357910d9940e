package dev.crahub.timesheet.file;

import java.util.Locale;

import static dev.crahub.timesheet.file.Field.*;

/** Harvest "Detailed time" report: {@code Date,Client,Project,Project Code,Task,Notes,Hours,...,Billable?,...,First Name,Last Name,Employee Id,...}; columns vary by account, dates and decimal mark follow the company settings ({@code 26.01.2015}, {@code "7,5"}): set {@code crahub.timesheet.files.harvest.locale} when dates are slashed. */
public final class HarvestCsvReader extends TrackerExportReader {

    public HarvestCsvReader(TimesheetFileSettings.Source settings) {
        super(layout(), settings);
    }

    static ExportLayout layout() {
        return new ExportLayout("harvest")
                .language(Locale.ENGLISH, DATE, "Date", CLIENT, "Client", PROJECT, "Project", TASK, "Task",
                        COMMENT, "Notes", HOURS, "Hours", BILLABLE, "Billable?", BILLABLE, "Billable",
                        FIRST_NAME, "First Name", LAST_NAME, "Last Name", EMAIL, "Email", ID, "Time Entry Id");
    }
}
