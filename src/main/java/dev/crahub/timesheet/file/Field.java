package dev.crahub.timesheet.file;

/** What a column of a tracker's export holds. */
public enum Field {
    ID, USER_ID, USER_NAME, FIRST_NAME, LAST_NAME, EMAIL, CLIENT, PROJECT, TASK, ISSUE, COMMENT,
    DATE, START_DATE, START_TIME, END_DATE, END_TIME,
    /** decimal hours */
    HOURS,
    /** a clock or ISO duration ({@code 7:30}, {@code 01:30:00}, {@code PT7H30M}); a day fraction in a spreadsheet */
    DURATION,
    BILLABLE
}
