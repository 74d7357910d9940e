package dev.crahub.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.crahub.MigratedDatabase;
import dev.crahub.referential.ReferentialStore;
import dev.crahub.timesheet.IngestResult;
import dev.crahub.timesheet.TimeEntryIngestor;
import dev.crahub.timesheet.file.EntryStream;
import dev.crahub.timesheet.file.TextInput;
import dev.crahub.timesheet.file.TimesheetFileImporter;
import dev.crahub.timesheet.file.TimesheetFileSettings;
import dev.crahub.timesheet.file.TimesheetReaders;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The ingestion benchmark's engine, shared by the {@code bench} profile's {@link IngestBenchmark} (1M rows) and the
 * tiny run kept in the build ({@link BenchmarksSmokeTests}). For each file (a generic CSV, a Toggl CSV, a Clockify CSV,
 * a Kimai XLSX) it measures, in one JVM and one embedded PostgreSQL: reading alone (no database), the hub's first
 * import and its re-import (same file, all unchanged) through the real importer, and the <b>floor</b>: PostgreSQL's own
 * {@code COPY} of the same rows, exactly as the hub stored them, from a file prepared beforehand (untimed) and streamed
 * by the client with the JDBC {@code CopyManager} into a fresh table {@code LIKE time_entry INCLUDING ALL} (same
 * primary key, unique key and partial indexes). Then the SQL split: the staging {@code COPY} alone and
 * {@code EXPLAIN (ANALYZE, BUFFERS)} of the ingestor's own merge statement, as a first import and as a re-import
 * (rolled back). A JFR recording of the imports gives the Java side's top frames. Every figure of the report is
 * written by the run itself.
 */
final class IngestBench {

    static final String STORED = TimeEntryIngestor.STORED_COLUMNS;

    /** What to run: {@code genericRows} for the generic CSV, {@code exportRows} for each tracker export. */
    record Options(int genericRows, int exportRows, Path report, String command, boolean explain) {
    }

    /** One run of one file. */
    record Run(String label, long rows, double seconds, long heapPeak, long gcCount, long gcMillis, IngestResult result) {
    }

    /** One file's figures. */
    record Case(String name, String source, String format, long bytes, int rows, double readSeconds,
                double floorSeconds, double stagingCopySeconds, Run first, Run again, String explainFirst,
                String explainAgain) {
    }

    record Outcome(List<Case> cases, Map<String, Long> selfFrames, Map<String, Long> hubFrames, long samples,
                   String markdown) {
    }

    private final Options options;
    private final Path dir;

    IngestBench(Options options) throws IOException {
        this.options = options;
        this.dir = Files.createTempDirectory("crahub-bench-");
    }

    Outcome run() throws Exception {
        List<Case> cases = new ArrayList<>();
        Path jfr = dir.resolve("ingest.jfr");
        String pgVersion;
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        try (MigratedDatabase db = MigratedDatabase.start()) {
            pgVersion = db.jdbc.sql("SHOW server_version").query(String.class).single() + ", shared_buffers "
                    + db.jdbc.sql("SHOW shared_buffers").query(String.class).single() + ", work_mem "
                    + db.jdbc.sql("SHOW work_mem").query(String.class).single();
            TimeEntryIngestor ingestor = new TimeEntryIngestor(db.dataSource, db.jdbc, new ReferentialStore(db.jdbc));
            TimesheetReaders readers = new TimesheetReaders(TimesheetFileSettings.defaults(),
                    JsonMapper.builder().findAndAddModules().build());
            TimesheetFileImporter importer = new TimesheetFileImporter(readers, ingestor, db.transactions,
                    TimesheetFileSettings.defaults());
            try (Recording recording = new Recording()) {
                recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
                recording.setToDisk(true);
                recording.start();
                cases.add(measure(db, readers, importer, "Generic CSV", "generic", "CSV `;`, `,` decimals, CRLF",
                        options.genericRows(), this::generic));
                cases.add(measure(db, readers, importer, "Toggl Track detailed CSV", "toggl", "CSV, English headers",
                        options.exportRows(), this::toggl));
                cases.add(measure(db, readers, importer, "Clockify detailed report CSV", "clockify",
                        "CSV, US dates and 12 h times", options.exportRows(), this::clockify));
                cases.add(measure(db, readers, importer, "Kimai XLSX", "kimai", "XLSX, date cells, day fractions",
                        options.exportRows(), this::kimaiXlsx));
                recording.stop();
                recording.dump(jfr);
            }
        } finally {
            // files are deleted by each case; the recording below
        }
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> hub = new HashMap<>();
        long samples = 0;
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                    continue;
                }
                List<RecordedFrame> frames = e.getStackTrace().getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                samples++;
                self.merge(name(frames.get(0)), 1L, Long::sum);
                frames.stream().filter(f -> f.getMethod().getType().getName().startsWith("dev.crahub.timesheet"))
                        .findFirst().ifPresent(f -> hub.merge(name(f), 1L, Long::sum));
            }
        }
        Files.deleteIfExists(jfr);
        Files.deleteIfExists(dir);
        String markdown = markdown(cases, self, hub, samples, pgVersion, load);
        Files.createDirectories(options.report().toAbsolutePath().getParent());
        BenchReport.section(options.report(), "ingest", markdown);
        return new Outcome(cases, self, hub, samples, markdown);
    }

    private interface Generator {
        void write(Path file, int rows) throws Exception;
    }

    private Case measure(MigratedDatabase db, TimesheetReaders readers, TimesheetFileImporter importer, String name,
                         String source, String format, int rows, Generator generator) throws Exception {
        Path file = dir.resolve(source + "-" + rows + ("kimai".equals(source) ? ".xlsx" : ".csv"));
        Path floorFile = dir.resolve(source + "-floor.copy");
        Path stagingFile = dir.resolve(source + "-staging.copy");
        try {
            generator.write(file, rows);
            long bytes = Files.size(file);

            // reading alone: the reader and parser, no database
            long r0 = System.nanoTime();
            long read = 0;
            try (EntryStream entries = readers.open(source, TextInput.of(file))) {
                while (entries.hasNext()) {
                    entries.next();
                    read++;
                }
                if (!entries.problems().isEmpty()) {
                    throw new IllegalStateException(name + ": " + entries.problems().toException(file.toString()).getMessage());
                }
            }
            double readSeconds = (System.nanoTime() - r0) / 1e9;
            if (read != rows) {
                throw new IllegalStateException(name + ": read " + read + " entries, expected " + rows);
            }

            Run first = timed(db, "first import (all created)", rows, () -> importer.importFile(source, TextInput.of(file)));
            Run again = timed(db, "same file again (all unchanged)", rows,
                    () -> importer.importFile(source, TextInput.of(file)));

            // the floor's file: the rows exactly as the hub stored them (untimed)
            copyOut(db, "COPY (SELECT " + STORED + " FROM time_entry WHERE source = '" + source
                    + "' ORDER BY id) TO STDOUT", floorFile);
            copyOut(db, "COPY (SELECT row_number() OVER (ORDER BY id), " + STORED + " FROM time_entry WHERE source = '"
                    + source + "' ORDER BY id) TO STDOUT", stagingFile);
            double floor = floor(db, floorFile);
            double stagingCopy = 0;
            String explainFirst = "";
            String explainAgain = "";
            try (Connection c = db.dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    st.execute(TimeEntryIngestor.STAGING_TABLE_SQL);
                    long s0 = System.nanoTime();
                    copyIn(c, "COPY time_entry_staging (" + TimeEntryIngestor.STAGING_COLUMNS + ") FROM STDIN", stagingFile);
                    stagingCopy = (System.nanoTime() - s0) / 1e9;
                    if (options.explain()) {
                        st.execute(TimeEntryIngestor.MERGE_PREPARATION);
                        st.execute("ANALYZE time_entry_staging");
                        explainAgain = explain(st, TimeEntryIngestor.mergeSql(false, true));
                        st.execute("CREATE SCHEMA bench_empty");
                        st.execute("CREATE TABLE bench_empty.time_entry (LIKE public.time_entry INCLUDING ALL)");
                        st.execute("SET LOCAL search_path = bench_empty, public");
                        explainFirst = explain(st, TimeEntryIngestor.mergeSql(false, false));
                    }
                } finally {
                    c.rollback();
                }
            }
            return new Case(name, source, format, bytes, rows, readSeconds, floor, stagingCopy, first, again,
                    explainFirst, explainAgain);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(floorFile);
            Files.deleteIfExists(stagingFile);
        }
    }

    private static String explain(Statement st, String merge) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + merge)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    private Run timed(MigratedDatabase db, String label, long rows, java.util.concurrent.Callable<IngestResult> work)
            throws Exception {
        db.jdbc.sql("CHECKPOINT").update();
        System.gc();
        resetPeaks();
        long gcCount = gcCount();
        long gcMillis = gcMillis();
        long t0 = System.nanoTime();
        IngestResult result = work.call();
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Run(label, rows, seconds, heapPoolPeaks(), gcCount() - gcCount, gcMillis() - gcMillis, result);
    }

    private static double floor(MigratedDatabase db, Path file) throws Exception {
        try (Connection c = db.dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_floor");
            st.execute("CREATE TABLE bench_floor (LIKE time_entry INCLUDING ALL)");
            st.execute("CHECKPOINT");
            long t0 = System.nanoTime();
            copyIn(c, "COPY bench_floor (" + STORED + ") FROM STDIN", file);
            double seconds = (System.nanoTime() - t0) / 1e9;
            st.execute("DROP TABLE bench_floor");
            return seconds;
        }
    }

    private static void copyIn(Connection c, String sql, Path file) throws Exception {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        try (InputStream in = Files.newInputStream(file)) {
            copy.copyIn(sql, in, 256 * 1024);
        }
    }

    private static void copyOut(MigratedDatabase db, String sql, Path file) throws Exception {
        try (Connection c = db.dataSource.getConnection(); OutputStream out = Files.newOutputStream(file)) {
            c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, out);
        }
    }

    // --- the files, in the layouts the readers accept (see the samples under src/test/resources/timesheets) ---

    /** 500 consultants, 4 entries a day each: {@code consultant;date;hours;project;comment}. */
    private void generic(Path file, int rows) throws IOException {
        LocalDate start = LocalDate.of(2020, 1, 1);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("consultant;date;hours;project;comment\r\n");
            for (int i = 0; i < rows; i++) {
                out.write("c" + (i % 500) + ";" + start.plusDays(i / 2000) + ";" + (1 + i % 4) + ",5;PRJ-" + (i % 37)
                        + ";Tâche n°" + i + " \"revue\"\r\n");
            }
        }
    }

    /** Toggl Track's detailed export (no entry id: the reader fingerprints each row). */
    private void toggl(Path file, int rows) throws IOException {
        LocalDate start = LocalDate.of(2025, 1, 1);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,"
                    + "Duration,Tags,Amount (EUR)\n");
            for (int i = 0; i < rows; i++) {
                int user = i % 1000;
                int slot = (i / 1000) % 3;
                LocalDate day = start.plusDays(i / 3000);
                int from = 8 + slot * 3;
                out.write("Consultant " + user + ",c" + user + "@example.test,Client " + (i % 23) + ",Projet " + (i % 37)
                        + ",Dev,\"Tâche n°" + i + ", \"\"revue\"\"\"," + (i % 5 == 0 ? "No" : "Yes") + "," + day + ","
                        + two(from) + ":00:00," + day + "," + two(from + 2) + ":30:00,02:30:00,,250.00\n");
            }
        }
    }

    /** Clockify's detailed report: every field quoted, US dates, 12-hour times, a trailing Total row. */
    private void clockify(Path file, int rows) throws IOException {
        LocalDate start = LocalDate.of(2025, 1, 1);
        DateTimeFormatter us = DateTimeFormatter.ofPattern("MM/dd/yyyy", Locale.ROOT);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("\"Project\",\"Client\",\"Description\",\"Task\",\"User\",\"Group\",\"Email\",\"Tags\",\"Billable\","
                    + "\"Start Date\",\"Start Time\",\"End Date\",\"End Time\",\"Duration (h)\",\"Duration (decimal)\","
                    + "\"Billable Rate (USD)\",\"Billable Amount (USD)\"\n");
            for (int i = 0; i < rows; i++) {
                int user = i % 1000;
                int slot = (i / 1000) % 3;
                String day = start.plusDays(i / 3000).format(us);
                int from = 8 + slot;
                out.write("\"Project " + (i % 37) + "\",\"Client " + (i % 23) + "\",\"Task " + i + ", \"\"review\"\"\",\"Dev\","
                        + "\"Consultant " + user + "\",\"\",\"c" + user + "@example.test\",\"\",\"" + (i % 5 == 0 ? "No" : "Yes")
                        + "\",\"" + day + "\",\"" + two(from) + ":00 AM\",\"" + day + "\",\"" + two(from + 1)
                        + ":30 AM\",\"01:30:00\",\"1.50\",\"100.00\",\"150.00\"\n");
            }
            out.write("\"Total\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\"\n");
        }
    }

    /** Kimai's XLSX export (French headers, date cells, durations as day fractions), written with POI's SXSSF. */
    private void kimaiXlsx(Path file, int rows) throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(100); OutputStream out = Files.newOutputStream(file)) {
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.createDataFormat().getFormat("dd/mm/yyyy"));
            CellStyle time = workbook.createCellStyle();
            time.setDataFormat(workbook.createDataFormat().getFormat("hh:mm"));
            Sheet sheet = workbook.createSheet("Export");
            String[] header = {"Date", "De", "À", "Durée", "Utilisateur", "Client", "Projet", "Activité", "Description",
                    "Facturable"};
            Row h = sheet.createRow(0);
            for (int i = 0; i < header.length; i++) {
                h.createCell(i).setCellValue(header[i]);
            }
            LocalDateTime start = LocalDateTime.of(2025, 1, 1, 0, 0);
            for (int i = 0; i < rows; i++) {
                int slot = (i / 1000) % 3;
                Row row = sheet.createRow(i + 1);
                row.createCell(0).setCellValue(start.plusDays(i / 3000));
                row.getCell(0).setCellStyle(date);
                row.createCell(1).setCellValue((8.0 + slot * 3) / 24);
                row.getCell(1).setCellStyle(time);
                row.createCell(2).setCellValue((10.5 + slot * 3) / 24);
                row.getCell(2).setCellStyle(time);
                row.createCell(3).setCellValue(2.5 / 24);
                row.createCell(4).setCellValue("Consultant " + (i % 1000));
                row.createCell(5).setCellValue("Client " + (i % 23));
                row.createCell(6).setCellValue("Projet " + (i % 37));
                row.createCell(7).setCellValue("Développement");
                row.createCell(8).setCellValue("Tâche n°" + i);
                row.createCell(9).setCellValue(i % 5 == 0 ? "Non" : "Oui");
            }
            workbook.write(out);
            workbook.dispose();
        }
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : String.valueOf(n);
    }

    // --- the report ---

    private String markdown(List<Case> cases, Map<String, Long> self, Map<String, Long> hub, long samples,
                            String pgVersion, double load) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        StringBuilder md = new StringBuilder();
        md.append("## Ingestion\n\n");
        md.append(String.format(Locale.ROOT, """
                Each file below is imported from disk through the real `TimesheetFileImporter` (streaming reader,
                whole-or-nothing transaction) and `TimeEntryIngestor` into embedded PostgreSQL, twice (first import, then
                the same file again: all unchanged), and compared with **the floor measured in the same run**:
                PostgreSQL's own `COPY` of the same rows, exactly as the hub stored them (a file written beforehand,
                untimed), streamed by the client with the JDBC `CopyManager` into a fresh table `LIKE time_entry
                INCLUDING ALL` (primary key, `(source, external_id)` unique key, the three partial indexes; the foreign
                keys are not copied by `LIKE`, and the benchmark's entries map to no consultant, so they check nothing).
                A `CHECKPOINT` precedes every timed import and the floor. Target: the generic CSV within **3x** the
                floor, the tracker exports within **4x**.

                Measured %s, command `%s`, on %d cores, %,.1f GB of memory, load average %.2f at the start (%s %s,
                Java %s %s, PostgreSQL %s), JVM options `%s`. Other builds may share the machine: compare the ratios,
                measured side by side, rather than the absolute figures.

                """, OffsetDateTime.now(ZoneOffset.UTC).withNano(0), options.command(), os.getAvailableProcessors(),
                os.getTotalMemorySize() / 1e9, load, System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.vendor"), System.getProperty("java.version"), pgVersion,
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-X") && !a.startsWith("-XX:+Show")).toList())));
        md.append("| file | rows | size | run | time | rows/s | floor (COPY) | ratio | target | heap peak | GC |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Case c : cases) {
            double target = "generic".equals(c.source()) ? 3 : 4;
            for (Run r : List.of(c.first(), c.again())) {
                md.append(String.format(Locale.ROOT, "| %s (%s) | %,d | %.1f MB | %s | %.2f s | %,.0f | %.2f s | **%.2fx** | %s | %,.0f MB | %d, %d ms |\n",
                        c.name(), c.format(), c.rows(), c.bytes() / 1e6, r.label(), r.seconds(), r.rows() / r.seconds(),
                        c.floorSeconds(), r.seconds() / c.floorSeconds(),
                        r.seconds() / c.floorSeconds() <= target ? "within " + (int) target + "x" : "**over " + (int) target + "x**",
                        r.heapPeak() / 1048576.0, r.gcCount(), r.gcMillis()));
            }
        }
        md.append(String.format(Locale.ROOT, """

                Heap peak: the sum of the heap pools' peaks during the run (max heap %,.0f MB); GC: collections and
                their time (%s). Memory does not grow with the file: the reader holds one row, the ingestor a few COPY
                chunks.

                ### Where the time goes

                Per file: reading alone (the reader and parser, no database), the staging `COPY` alone (PostgreSQL
                loading the ingestor's staging rows from a file, rolled back), and the merge statement as
                `EXPLAIN (ANALYZE, BUFFERS)` reports it (the ingestor's own SQL, rolled back), for a first import (into an
                empty table keyed like `time_entry`) and for a re-import (all unchanged).

                | file | reading alone | staging COPY alone | merge, first import | merge, re-import | floor |
                |---|---|---|---|---|---|
                """, Runtime.getRuntime().maxMemory() / 1048576.0,
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                        .collect(Collectors.joining(", "))));
        for (Case c : cases) {
            md.append(String.format(Locale.ROOT, "| %s | %.2f s | %.2f s | %s | %s | %.2f s |\n", c.name(), c.readSeconds(),
                    c.stagingCopySeconds(), executionTime(c.explainFirst()), executionTime(c.explainAgain()), c.floorSeconds()));
        }
        md.append(String.format(Locale.ROOT, """

                The Java side, sampled by JDK Flight Recorder (`jdk.ExecutionSample` every 10 ms, %,d samples over all
                the imports above; the database's own work runs in PostgreSQL's process and is in the table above):

                | top frame (self) | share | | first frame in `dev.crahub.timesheet` | share |
                |---|---|---|---|---|
                """, samples));
        List<Map.Entry<String, Long>> topSelf = top(self, 12);
        List<Map.Entry<String, Long>> topHub = top(hub, 12);
        for (int i = 0; i < Math.max(topSelf.size(), topHub.size()); i++) {
            md.append(i < topSelf.size() ? String.format(Locale.ROOT, "| `%s` | %.1f%% |", topSelf.get(i).getKey(),
                    100.0 * topSelf.get(i).getValue() / samples) : "| | |");
            md.append(i < topHub.size() ? String.format(Locale.ROOT, " | `%s` | %.1f%% |\n", topHub.get(i).getKey(),
                    100.0 * topHub.get(i).getValue() / samples) : " | | |\n");
        }
        Case generic = cases.get(0);
        if (!generic.explainFirst().isEmpty()) {
            md.append("\nThe merge of the generic CSV's rows, first import (`EXPLAIN (ANALYZE, BUFFERS)`):\n\n```\n")
                    .append(generic.explainFirst().strip()).append("\n```\n\nRe-import (all unchanged):\n\n```\n")
                    .append(generic.explainAgain().strip()).append("\n```\n");
        }
        md.append("""

                Reproduce (the generic file's rows with `-Dbench.rows`, each export's with `-Dbench.exportRows`):

                ```
                mvn -B -Pbench test -Dtest=IngestBenchmark
                mvn -B -Pbench test -Dtest=IngestBenchmark -Dbench.rows=100000 -Dbench.exportRows=20000
                ```
                """);
        return md.toString();
    }

    private static String executionTime(String plan) {
        if (plan.isEmpty()) {
            return "not measured";
        }
        return plan.lines().filter(l -> l.startsWith("Execution Time:")).findFirst()
                .map(l -> String.format(Locale.ROOT, "%.2f s", Double.parseDouble(l.replaceAll("[^0-9.]", "")) / 1000))
                .orElse("?");
    }

    private static List<Map.Entry<String, Long>> top(Map<String, Long> counts, int n) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(n).toList();
    }

    private static String name(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long heapPoolPeaks() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(g -> Math.max(0, g.getCollectionTime())).sum();
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(g -> Math.max(0, g.getCollectionCount())).sum();
    }
}
