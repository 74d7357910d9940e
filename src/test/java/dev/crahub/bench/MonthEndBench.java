package dev.crahub.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.zaxxer.hikari.HikariDataSource;
import dev.crahub.CrahubApplication;
import dev.crahub.document.PdfRenderer;
import dev.crahub.document.XslTransformer;
import dev.crahub.einvoice.Attachment;
import dev.crahub.einvoice.EInvoiceFiles;
import dev.crahub.einvoice.EInvoiceFormats;
import dev.crahub.einvoice.FacturX;
import dev.crahub.einvoice.FacturXInspection;
import dev.crahub.einvoice.FrenchRules;
import dev.crahub.einvoice.MustangValidation;
import dev.crahub.einvoice.PhiveValidation;
import dev.crahub.einvoice.ValidationMessage;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The month-end benchmark's engine (issue 12), shared by {@link MonthEndBenchmark} ({@code -Pbench}, 1,000 contracts)
 * and the tiny run of {@link BenchmarksSmokeTests}. It starts the whole hub in this JVM (a {@code SpringApplication}
 * on a fresh home, embedded PostgreSQL, random port) with GreenMail's SMTP in-JVM, and drives it only through its
 * public surface: the timesheets inbox, the HTTP API, SMTP; results are read from the API and the database. Stages,
 * each timed alone (wall time): ingest (file dropped to {@code .done/}), CRAs built and sent (until GreenMail accepted
 * every validation request), approvals (one {@code POST /api/cras/{id}/approve} after the other, latencies kept),
 * invoices issued (until every e-invoice is VALID at the gate), dispatch (until the run is DONE and GreenMail accepted
 * every invoice mail). Then <b>the floor</b>, same JVM, same run: the very documents the hub stored, rendered again
 * from their canonical XML through the same {@code xsl/} and FOP, the e-invoice made and checked by the same engines
 * (CII, UBL, Factur-X, the gate's validators), on a pool of as many threads as cores; and the same number of mails
 * sent to GreenMail over one reused SMTP connection. A JFR recording covers every stage (top frames per stage);
 * {@code pg_stat_database} and {@code pg_stat_activity} say what the database did.
 */
final class MonthEndBench {

    static final YearMonth MONTH = YearMonth.of(2026, 10);
    static final String ADMIN_PASSWORD = "bench-admin-pw";

    record Options(int contracts, Path report, String command, boolean writeSection) {
    }

    /** One timed stage: wall time, process CPU, what the database did, the JFR samples that fell in it. */
    record Stage(String name, double seconds, double cpuSeconds, Map<String, Long> db, double dbActiveShare,
                 Instant start, Instant end) {
    }

    /** One floor stage: wall time, and the summed thread time of each of its steps. */
    record FloorStage(String name, double seconds, Map<String, Double> stepSeconds, Instant start, Instant end) {
    }

    record Outcome(int contracts, int cras, int craMails, int hubMails, int approvals, int invoices, int validEInvoices,
                   int invoiceMails, int otherMails, int floorMails, Map<String, BigDecimal[]> totalsByContract,
                   MonthEndData data, List<Stage> stages, List<FloorStage> floor, long[] approvalMicros,
                   double invoicePages, String dispatchStatus, String markdown) {

        double hubSeconds() {
            return stages.stream().mapToDouble(Stage::seconds).sum();
        }

        double floorSeconds() {
            return floor.stream().mapToDouble(FloorStage::seconds).sum();
        }
    }

    private final Options options;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final MailSink sink = new MailSink();
    private String base;
    private String auth;
    private final int cores = Runtime.getRuntime().availableProcessors();
    /** e-invoice builds the hub ran ({@code e_invoice.builds}, summed). */
    private long einvoiceBuilds;

    MonthEndBench(Options options) {
        this.options = options;
    }

    Outcome run() throws Exception {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        MonthEndData data = new MonthEndData(options.contracts(), MONTH);
        Path home = Files.createTempDirectory("crahub-bench-home-");
        Path jfr = Files.createTempFile("month-end-", ".jfr");
        GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        greenMail.getUserManager().setMessageDeliveryHandler((message, address) -> sink.user(address.getEmail()));
        int smtpPort = greenMail.getSmtp().getPort();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("crahub.home", home.toString());
        properties.put("server.port", "0");
        properties.put("crahub.admin.password", ADMIN_PASSWORD);
        properties.put("crahub.billing.password", "bench-billing-pw");
        properties.put("crahub.ops.password", "bench-ops-pw");
        properties.put("crahub.mail.smtp.host", "127.0.0.1");
        properties.put("crahub.mail.smtp.port", String.valueOf(smtpPort));
        properties.put("crahub.mail.from", "factures@bench.example");
        // the throttle (default 60 a minute per mailbox) off: the benchmark measures the hub, not the policy
        properties.put("crahub.mail.rate", "0");
        properties.put("crahub.reminders.enabled", "false");
        properties.put("camel.main.shutdown-timeout", "5");
        List<Stage> stages = new ArrayList<>();
        List<FloorStage> floor = new ArrayList<>();
        long[] approvalMicros;
        int cras;
        int invoices;
        int valid;
        int craRequests;
        int hubMails;
        String dispatchStatus;
        double pages;
        Map<String, BigDecimal[]> totals = new LinkedHashMap<>();
        String pgVersion;
        double startSeconds;
        long t0 = System.nanoTime();
        // as command-line arguments: they come before application.yml (default properties would come after it)
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CrahubApplication.class)
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        startSeconds = (System.nanoTime() - t0) / 1e9;
        Recording recording = new Recording();
        try {
            DataSource ds = context.getBean(DataSource.class);
            String port = context.getEnvironment().getProperty("local.server.port");
            base = "http://127.0.0.1:" + port;
            auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
            try (Connection db = ownConnection(ds); DbSampler sampler = new DbSampler(ownConnection(ds))) {
                pgVersion = one(db, "SHOW server_version");

                drop(home, "referential", "referential.yaml", data.referential);
                awaitDone(home, "referential", "referential.yaml");

                recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(20));
                recording.setToDisk(true);
                recording.start();

                // 1. ingest
                StageClock clock = new StageClock(db, sampler);
                drop(home, "timesheets", "timesheet-" + MONTH + ".csv", data.timesheet);
                awaitDone(home, "timesheets", "timesheet-" + MONTH + ".csv");
                stages.add(clock.stop("ingest: CSV dropped to `.done/`"));

                // 2. CRAs built and sent
                clock = new StageClock(db, sampler);
                JsonNode built = post("/api/months/" + MONTH + "/cras", null);
                List<Long> craIds = new ArrayList<>();
                built.get("cras").forEach(c -> craIds.add(c.get("id").asLong()));
                cras = craIds.size();
                await("CRA mails", Duration.ofMinutes(30), () -> sink.approverMails.sum() >= data.expected.size());
                craRequests = (int) sink.approverMails.sum();
                stages.add(clock.stop("CRAs built and sent (" + cras + " CRAs, mails accepted by SMTP)"));

                // 3. approvals, one after the other as a user (or a script) would
                clock = new StageClock(db, sampler);
                approvalMicros = new long[craIds.size()];
                for (int i = 0; i < craIds.size(); i++) {
                    long a0 = System.nanoTime();
                    JsonNode approved = post("/api/cras/" + craIds.get(i) + "/approve",
                            "{\"reason\":\"signed paper CRA received\"}");
                    approvalMicros[i] = (System.nanoTime() - a0) / 1000;
                    if (!"APPROVED".equals(approved.path("status").asText())) {
                        throw new IllegalStateException("CRA " + craIds.get(i) + " not approved: " + approved);
                    }
                }
                stages.add(clock.stop("approvals (" + craIds.size() + " `POST /api/cras/{id}/approve`)"));

                // 4. invoices issued, e-invoices VALID at the gate
                clock = new StageClock(db, sampler);
                JsonNode issued = post("/api/months/" + MONTH + "/invoices", null);
                invoices = issued.get("invoices").size();
                await("e-invoices VALID", Duration.ofMinutes(60), () -> {
                    long invalid = count(db, "SELECT count(*) FROM e_invoice e JOIN invoice i ON i.id = e.invoice_id "
                            + "WHERE i.month = '" + MONTH + "' AND e.status = 'INVALID'");
                    if (invalid > 0) {
                        throw new IllegalStateException(invalid + " e-invoices refused by the gate");
                    }
                    return count(db, "SELECT count(*) FROM e_invoice e JOIN invoice i ON i.id = e.invoice_id "
                            + "WHERE i.month = '" + MONTH + "' AND e.status = 'VALID'") >= invoices;
                });
                stages.add(clock.stop("invoices issued, e-invoices VALID (" + invoices + ")"));
                einvoiceBuilds = count(db, "SELECT coalesce(sum(e.builds), 0) FROM e_invoice e JOIN invoice i "
                        + "ON i.id = e.invoice_id WHERE i.month = '" + MONTH + "'");
                valid = (int) count(db, "SELECT count(*) FROM e_invoice e JOIN invoice i ON i.id = e.invoice_id "
                        + "WHERE i.month = '" + MONTH + "' AND e.status = 'VALID'");

                // 5. dispatch
                clock = new StageClock(db, sampler);
                JsonNode run = post("/api/months/" + MONTH + "/dispatch", null);
                long runId = run.get("id").asLong();
                String[] status = {"RUNNING"};
                await("dispatch run", Duration.ofMinutes(60), () -> {
                    status[0] = get("/api/dispatches/" + runId).path("status").asText();
                    return !"RUNNING".equals(status[0]) && sink.billingMails.sum() >= invoices;
                });
                dispatchStatus = status[0];
                hubMails = (int) (sink.approverMails.sum() + sink.billingMails.sum() + sink.otherMails.sum());
                stages.add(clock.stop("dispatch (run " + dispatchStatus + ", mails accepted by SMTP)"));

                try (Statement st = db.createStatement();
                     ResultSet rs = st.executeQuery("SELECT contract_code, total_net, total_vat, total_gross FROM invoice "
                             + "WHERE month = '" + MONTH + "' ORDER BY id")) {
                    while (rs.next()) {
                        totals.put(rs.getString(1), new BigDecimal[] {rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(4)});
                    }
                }
                pages = invoicePages(db);

                // the floor, same JVM, same run
                floor.addAll(floor(db, home, smtpPort, hubMails));
                recording.stop();
                recording.dump(jfr);
            }
        } finally {
            recording.close();
            context.close();
            greenMail.stop();
        }
        Profile profile = profile(jfr, stages, floor);
        Files.deleteIfExists(jfr);
        Outcome draft = new Outcome(options.contracts(), cras, craRequests, hubMails, approvalMicros.length,
                invoices, valid, (int) sink.billingMails.sum(), (int) sink.otherMails.sum(), (int) sink.floorMails.sum(),
                totals, data, stages, floor, approvalMicros, pages, dispatchStatus, "");
        String markdown = markdown(draft, profile, load, pgVersion, startSeconds);
        if (options.writeSection()) {
            BenchReport.section(options.report(), "month-end", markdown);
        }
        deleteTree(home);
        return new Outcome(draft.contracts(), cras, draft.craMails(), hubMails, draft.approvals(), invoices, valid,
                draft.invoiceMails(), draft.otherMails(), draft.floorMails(), totals, data, stages, floor,
                approvalMicros, pages, dispatchStatus, markdown);
    }

    // --- the floor ---

    private List<FloorStage> floor(Connection db, Path home, int smtpPort, int mails) throws Exception {
        Path xslDir = home.resolve("xsl");
        XslTransformer xsl = new XslTransformer(xslDir);
        PdfRenderer fop = new PdfRenderer(xslDir);
        EInvoiceFormats formats = new EInvoiceFormats(xsl);
        FacturX facturX = new FacturX();
        FacturXInspection inspection = new FacturXInspection();
        MustangValidation mustang = new MustangValidation();
        PhiveValidation phive = new PhiveValidation();
        FrenchRules french = new FrenchRules();
        List<FloorStage> stages = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        try {
            // warm-up of the engines, untimed (the hub's were warm from its own start and documents)
            List<Long> invoiceIds = ids(db, "SELECT id FROM invoice WHERE month = '" + MONTH + "' ORDER BY id");
            List<Long> craIds = ids(db, "SELECT id FROM cra WHERE month = '" + MONTH + "' ORDER BY id");
            Map<String, LongAdder> warm = new ConcurrentHashMap<>();
            floorInvoice(db, invoiceIds.get(0), xsl, fop, formats, facturX, inspection, mustang, phive, french, warm, true);
            fop.render(xsl.transform("cra-fo.xsl", craXml(db, craIds.get(0))[0].getBytes(StandardCharsets.UTF_8)));

            // CRAs: FO and FOP of each CRA as sent, and of its decided rendering (the hub renders both)
            Map<String, LongAdder> craSteps = new ConcurrentHashMap<>();
            Instant s = Instant.now();
            long c0 = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (long id : craIds) {
                futures.add(pool.submit(() -> {
                    String[] xml = craXml(db, id);
                    for (int k = 0; k < 2; k++) {
                        if (xml[k] == null) {
                            continue;
                        }
                        String label = k == 0 ? "CRA" : "decided CRA";
                        long a = System.nanoTime();
                        byte[] fo = xsl.transform("cra-fo.xsl", xml[k].getBytes(StandardCharsets.UTF_8));
                        long b = System.nanoTime();
                        fop.render(fo);
                        long c = System.nanoTime();
                        add(craSteps, "XSLT " + label + " to FO", b - a);
                        add(craSteps, "FOP " + label, c - b);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            stages.add(new FloorStage("CRAs: XSLT + FOP (as sent, and decided)", (System.nanoTime() - c0) / 1e9,
                    seconds(craSteps), s, Instant.now()));

            // invoices: FO + FOP PDF/A (invoice with annexes, time-detail annex alone), CII, UBL, Factur-X, the gate
            Map<String, LongAdder> invoiceSteps = new ConcurrentHashMap<>();
            s = Instant.now();
            c0 = System.nanoTime();
            futures.clear();
            for (long id : invoiceIds) {
                futures.add(pool.submit(() -> {
                    floorInvoice(db, id, xsl, fop, formats, facturX, inspection, mustang, phive, french, invoiceSteps,
                            false);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            // the full PDF/A-3 check runs once per template version at the gate: once here too
            long v0 = System.nanoTime();
            byte[] sampleFacturx = bytes(db, "SELECT facturx FROM e_invoice WHERE invoice_id = " + invoiceIds.get(0));
            mustang.facturX(sampleFacturx, "floor.pdf");
            add(invoiceSteps, "gate: Mustang full (veraPDF), once per template version", System.nanoTime() - v0);
            stages.add(new FloorStage("invoices: render, e-invoice, gate", (System.nanoTime() - c0) / 1e9,
                    seconds(invoiceSteps), s, Instant.now()));

            // SMTP: as many mails as the hub sent (CRA requests + invoices), one connection, documents of the run
            List<byte[]> craPdfs = new ArrayList<>();
            List<byte[]> facturxs = new ArrayList<>();
            for (int i = 0; i < Math.min(4, craIds.size()); i++) {
                craPdfs.add(bytes(db, "SELECT pdf FROM cra WHERE id = " + craIds.get(i)));
                facturxs.add(bytes(db, "SELECT facturx FROM e_invoice WHERE invoice_id = " + invoiceIds.get(i)));
            }
            Properties props = new Properties();
            props.put("mail.smtp.host", "127.0.0.1");
            props.put("mail.smtp.port", String.valueOf(smtpPort));
            Session session = Session.getInstance(props);
            Map<String, LongAdder> smtpSteps = new ConcurrentHashMap<>();
            s = Instant.now();
            c0 = System.nanoTime();
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect();
                for (int i = 0; i < mails; i++) {
                    boolean cra = i < mails - invoiceIds.size();
                    long a = System.nanoTime();
                    MimeMessage m = new MimeMessage(session);
                    m.setFrom(new InternetAddress("factures@bench.example"));
                    m.setRecipient(Message.RecipientType.TO, new InternetAddress("floor" + (i % 10) + "@floor.example"));
                    m.setSubject((cra ? "CRA à valider " : "Facture ") + i, "UTF-8");
                    MimeBodyPart text = new MimeBodyPart();
                    text.setText("Bonjour,\n\nveuillez trouver ci-joint le document " + i + ".\n", "UTF-8");
                    MimeBodyPart file = new MimeBodyPart();
                    List<byte[]> docs = cra ? craPdfs : facturxs;
                    file.setDataHandler(new jakarta.activation.DataHandler(
                            new ByteArrayDataSource(docs.get(i % docs.size()), "application/pdf")));
                    file.setFileName("document-" + i + ".pdf");
                    m.setContent(new MimeMultipart(text, file));
                    m.saveChanges();
                    long b = System.nanoTime();
                    transport.sendMessage(m, m.getAllRecipients());
                    long c = System.nanoTime();
                    add(smtpSteps, "build the MIME message", b - a);
                    add(smtpSteps, "SMTP send (one connection)", c - b);
                }
            }
            stages.add(new FloorStage("SMTP: " + mails + " mails, one connection", (System.nanoTime() - c0) / 1e9,
                    seconds(smtpSteps), s, Instant.now()));
        } finally {
            pool.shutdownNow();
        }
        return stages;
    }

    private void floorInvoice(Connection shared, long id, XslTransformer xsl, PdfRenderer fop, EInvoiceFormats formats,
                              FacturX facturX, FacturXInspection inspection, MustangValidation mustang,
                              PhiveValidation phive, FrenchRules french, Map<String, LongAdder> steps, boolean warmUp)
            throws Exception {
        byte[] xml;
        String number;
        synchronized (shared) {
            try (Statement st = shared.createStatement();
                 ResultSet rs = st.executeQuery("SELECT xml, number FROM invoice WHERE id = " + id)) {
                rs.next();
                xml = rs.getString(1).getBytes(StandardCharsets.UTF_8);
                number = rs.getString(2);
            }
        }
        long a = System.nanoTime();
        byte[] fo = xsl.transform("invoice-fo.xsl", xml);
        long b = System.nanoTime();
        byte[] pdf = fop.renderPdfA(fo);
        long c = System.nanoTime();
        byte[] annexFo = xsl.transform("invoice-fo.xsl", xml, Map.of("{urn:crahub:xsl:functions}part", "annex-time-detail"));
        long d = System.nanoTime();
        byte[] annex = fop.renderPdfA(annexFo);
        long e = System.nanoTime();
        List<Attachment> attachments = List.of(new Attachment("annex-time-detail", number + "-annex-time-detail.pdf",
                "application/pdf", annex));
        byte[] facturxCii = formats.cii(xml, List.of());
        byte[] cii = formats.cii(xml, attachments);
        long f = System.nanoTime();
        byte[] ubl = formats.ubl(xml, attachments);
        long g = System.nanoTime();
        byte[] fx = facturX.assemble(pdf, facturxCii, attachments);
        long h = System.nanoTime();
        List<ValidationMessage> messages = new ArrayList<>(inspection.inspect(fx, facturxCii));
        long i = System.nanoTime();
        messages.addAll(mustang.cii(cii, number + "-cii.xml").messages());
        long j = System.nanoTime();
        EInvoiceFiles files = new EInvoiceFiles(id, number, xml, fx, facturxCii, cii, ubl, null);
        messages.addAll(phive.check(files));
        long k = System.nanoTime();
        messages.addAll(french.check(files));
        long l = System.nanoTime();
        if (messages.stream().anyMatch(ValidationMessage::isError)) {
            throw new IllegalStateException("floor: invoice " + number + " not valid: " + messages);
        }
        if (warmUp) {
            return;
        }
        add(steps, "XSLT invoice to FO", b - a);
        add(steps, "FOP invoice PDF/A (with annexes)", c - b);
        add(steps, "XSLT time-detail annex alone to FO", d - c);
        add(steps, "FOP time-detail annex alone PDF/A", e - d);
        add(steps, "XSLT CII (x2: Factur-X's, with attachments)", f - e);
        add(steps, "XSLT UBL (annex embedded)", g - f);
        add(steps, "Mustang Factur-X assembly", h - g);
        add(steps, "gate: Factur-X structure (PDFBox)", i - h);
        add(steps, "gate: Mustang XML", j - i);
        add(steps, "gate: phive (EN 16931 CII, UBL, Peppol)", k - j);
        add(steps, "gate: French rules", l - k);
    }

    private static String[] craXml(Connection shared, long id) throws Exception {
        synchronized (shared) {
            try (Statement st = shared.createStatement();
                 ResultSet rs = st.executeQuery("SELECT xml, approved_xml FROM cra WHERE id = " + id)) {
                rs.next();
                return new String[] {rs.getString(1), rs.getString(2)};
            }
        }
    }

    private static void add(Map<String, LongAdder> steps, String step, long nanos) {
        steps.computeIfAbsent(step, x -> new LongAdder()).add(nanos);
    }

    private static Map<String, Double> seconds(Map<String, LongAdder> steps) {
        Map<String, Double> out = new LinkedHashMap<>();
        steps.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.put(e.getKey(), e.getValue().sum() / 1e9));
        return out;
    }

    // --- driving the hub ---

    private JsonNode post(String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
                .timeout(Duration.ofHours(1));
        request = body == null ? request.POST(HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + path + ": " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body());
    }

    private static void drop(Path home, String inbox, String name, String content) throws IOException {
        Path dir = home.resolve("data").resolve("inbox").resolve(inbox);
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir.getParent(), ".drop-", ".tmp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void awaitDone(Path home, String inbox, String name) throws Exception {
        Path dir = home.resolve("data").resolve("inbox").resolve(inbox);
        Path done = dir.resolve(".done").resolve(name);
        Path error = dir.resolve(".error").resolve(name + ".error.txt");
        await(inbox + " file", Duration.ofMinutes(30), () -> {
            if (Files.exists(error)) {
                throw new IllegalStateException(name + " rejected: " + Files.readString(error));
            }
            return Files.exists(done);
        });
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void await(String what, Duration atMost, Check condition) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static long count(Connection db, String sql) {
        synchronized (db) {
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String one(Connection db, String sql) throws Exception {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static byte[] bytes(Connection db, String sql) throws Exception {
        synchronized (db) {
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getBytes(1);
            }
        }
    }

    private static List<Long> ids(Connection db, String sql) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private static double invoicePages(Connection db) throws Exception {
        List<Long> ids = ids(db, "SELECT id FROM invoice WHERE month = '" + MONTH + "' ORDER BY id LIMIT 5");
        int pages = 0;
        for (long id : ids) {
            try (PDDocument pdf = Loader.loadPDF(bytes(db, "SELECT pdf FROM invoice WHERE id = " + id))) {
                pages += pdf.getNumberOfPages();
            }
        }
        return ids.isEmpty() ? 0 : (double) pages / ids.size();
    }

    /** A connection of the bench's own, beside the hub's pool (so the hub keeps all of its connections). */
    private static Connection ownConnection(DataSource ds) throws Exception {
        HikariDataSource hikari = ds.unwrap(HikariDataSource.class);
        return DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }

    /** Counts, per kind of recipient, the mails GreenMail accepted, and keeps none (memory stays flat at 1,000). */
    static final class MailSink {
        final LongAdder approverMails = new LongAdder();
        final LongAdder billingMails = new LongAdder();
        final LongAdder floorMails = new LongAdder();
        final LongAdder otherMails = new LongAdder();

        GreenMailUser user(String email) {
            LongAdder counter = email.startsWith("approver@") ? approverMails : email.startsWith("billing@")
                    ? billingMails : email.endsWith("@floor.example") ? floorMails : otherMails;
            return new GreenMailUser() {
                public String getEmail() {
                    return email;
                }

                public String getLogin() {
                    return email;
                }

                public void deliver(MovingMessage msg) {
                    counter.increment();
                }

                public void deliver(MimeMessage msg) {
                    counter.increment();
                }

                public void create() {
                }

                public void delete() {
                }

                public String getPassword() {
                    return "";
                }

                public void setPassword(String password) {
                }

                public void authenticate(String password) {
                }

                public String getQualifiedMailboxName() {
                    return email;
                }
            };
        }
    }

    /** Samples {@code pg_stat_activity} every 100 ms: how often some hub backend was active (not idle). */
    static final class DbSampler implements AutoCloseable {
        private final Connection connection;
        private final AtomicLong samples = new AtomicLong();
        private final AtomicLong active = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        DbSampler(Connection connection) {
            this.connection = connection;
            this.thread = new Thread(this::loop, "bench-pg-activity");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            try (PreparedStatement st = connection.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE "
                    + "state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'")) {
                while (running.get()) {
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        samples.incrementAndGet();
                        if (rs.getLong(1) > 0) {
                            active.incrementAndGet();
                        }
                    }
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                // the sampler is optional: a failure ends it
            }
        }

        long[] snapshot() {
            return new long[] {samples.get(), active.get()};
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            thread.join(2000);
            connection.close();
        }
    }

    /** Times one stage: wall, process CPU, {@code pg_stat_database} deltas, the share of activity samples. */
    private final class StageClock {
        private final Connection db;
        private final DbSampler sampler;
        private final Instant start = Instant.now();
        private final long t0 = System.nanoTime();
        private final long cpu0 = cpu();
        private final Map<String, Long> db0;
        private final long[] s0;

        StageClock(Connection db, DbSampler sampler) throws Exception {
            this.db = db;
            this.sampler = sampler;
            this.db0 = dbStats(db);
            this.s0 = sampler.snapshot();
        }

        Stage stop(String name) throws Exception {
            double seconds = (System.nanoTime() - t0) / 1e9;
            Instant end = Instant.now();
            double cpu = (cpu() - cpu0) / 1e9;
            Map<String, Long> db1 = dbStats(db);
            Map<String, Long> delta = new LinkedHashMap<>();
            db1.forEach((k, v) -> delta.put(k, v - db0.getOrDefault(k, 0L)));
            long[] s1 = sampler.snapshot();
            long samples = s1[0] - s0[0];
            double share = samples == 0 ? 0 : (double) (s1[1] - s0[1]) / samples;
            return new Stage(name, seconds, cpu, delta, share, start, end);
        }
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Map<String, Long> dbStats(Connection db) throws Exception {
        Map<String, Long> stats = new LinkedHashMap<>();
        synchronized (db) {
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT xact_commit, xact_rollback, "
                    + "tup_returned, tup_fetched, tup_inserted, tup_updated, blks_read + blks_hit FROM pg_stat_database "
                    + "WHERE datname = current_database()")) {
                rs.next();
                String[] keys = {"commits", "rollbacks", "rows returned", "rows fetched", "rows inserted", "rows updated", "blocks"};
                for (int i = 0; i < keys.length; i++) {
                    stats.put(keys[i], rs.getLong(i + 1));
                }
            }
        }
        return stats;
    }

    // --- the profile ---

    record Profile(Map<String, Map<String, Long>> self, Map<String, Map<String, Long>> hub,
                   Map<String, Map<String, Long>> threads, Map<String, Long> samples) {
    }

    private static Profile profile(Path jfr, List<Stage> stages, List<FloorStage> floor) throws IOException {
        Map<String, Instant[]> windows = new LinkedHashMap<>();
        stages.forEach(s -> windows.put(s.name(), new Instant[] {s.start(), s.end()}));
        floor.forEach(s -> windows.put("floor: " + s.name(), new Instant[] {s.start(), s.end()}));
        Map<String, Map<String, Long>> self = new LinkedHashMap<>();
        Map<String, Map<String, Long>> hub = new LinkedHashMap<>();
        Map<String, Map<String, Long>> threads = new LinkedHashMap<>();
        Map<String, Long> samples = new LinkedHashMap<>();
        windows.keySet().forEach(k -> {
            self.put(k, new HashMap<>());
            hub.put(k, new HashMap<>());
            threads.put(k, new HashMap<>());
            samples.put(k, 0L);
        });
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null
                        || e.getStackTrace().getFrames().isEmpty()) {
                    continue;
                }
                Instant at = e.getStartTime();
                String stage = windows.entrySet().stream()
                        .filter(w -> !at.isBefore(w.getValue()[0]) && !at.isAfter(w.getValue()[1]))
                        .map(Map.Entry::getKey).findFirst().orElse(null);
                if (stage == null) {
                    continue;
                }
                List<RecordedFrame> frames = e.getStackTrace().getFrames();
                samples.merge(stage, 1L, Long::sum);
                self.get(stage).merge(name(frames.get(0)), 1L, Long::sum);
                frames.stream().filter(f -> f.getMethod().getType().getName().startsWith("dev.crahub.")
                                && !f.getMethod().getType().getName().startsWith("dev.crahub.bench"))
                        .findFirst().ifPresent(f -> hub.get(stage).merge(name(f), 1L, Long::sum));
                String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
                threads.get(stage).merge(thread == null ? "?" : thread.replaceAll("\\d+", "N"), 1L, Long::sum);
            }
        }
        return new Profile(self, hub, threads, samples);
    }

    private static String name(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    private static List<Map.Entry<String, Long>> top(Map<String, Long> counts, int n) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(n).toList();
    }

    // --- the report ---

    private String markdown(Outcome o, Profile p, double load, String pgVersion, double startSeconds) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double hub = o.hubSeconds();
        double floorTotal = o.floorSeconds();
        double ratio = hub / floorTotal;
        double perSecond = o.invoices() / hub;
        // the target is for 1,000 contracts: a smaller run is scaled linearly to say where it points
        double target = 100.0 * o.contracts() / 1000;
        StringBuilder md = new StringBuilder("## Month end\n\n");
        md.append(String.format(Locale.ROOT, """
                The whole hub in the benchmark's JVM (`MonthEndBench`: a `SpringApplication` on a fresh home, embedded
                PostgreSQL, GreenMail SMTP in-JVM counting the mails it accepts), driven only through its inboxes, HTTP
                API and SMTP. %,d contracts of one consultant each, %d clients (French and English, one approver each,
                channel e-mail), %d seller(s); %s has %d working days (French holidays left out as the hub does), %,d
                sessions of 2 or 3 a day with a comment each (one generic CSV of %.2f MB). Template set `default` (time
                annex): invoices of %.1f pages on average. **Mail throttle off** (`crahub.mail.rate=0`; the default is
                60 a minute per mailbox); every other setting is the hub's default (CRA mail poll every 2 s, 2
                e-invoice build threads). The hub started in %.1f s (not counted).

                Measured %s, command `%s`, on %d cores, %.1f GB of memory, **load average %.2f at the start** (%s %s,
                Java %s %s, PostgreSQL %s), JVM options `%s`. The machine is shared with other builds: compare the
                ratio, measured side by side, rather than the absolute figures.

                | stage | wall time | per contract | process CPU | CPU use of %d cores | DB commits | DB rows written | DB active |
                |---|---|---|---|---|---|---|---|
                """, o.contracts(), o.data().clients, o.data().sellers, MONTH, o.data().workingDays, o.data().sessions,
                o.data().timesheet.getBytes(StandardCharsets.UTF_8).length / 1e6, o.invoicePages(), startSeconds,
                OffsetDateTime.now(ZoneOffset.UTC).withNano(0), options.command(), cores,
                os.getTotalMemorySize() / 1e9, load, System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.vendor"), System.getProperty("java.version"), pgVersion,
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-X") && !a.startsWith("-XX:+Show")).toList()), cores));
        for (Stage s : o.stages()) {
            md.append(String.format(Locale.ROOT, "| %s | %.2f s | %.1f ms | %.2f s | %.0f %% | %,d | %,d | %.0f %% |\n",
                    s.name(), s.seconds(), 1000 * s.seconds() / o.contracts(), s.cpuSeconds(),
                    100 * s.cpuSeconds() / (s.seconds() * cores), s.db().get("commits"),
                    s.db().get("rows inserted") + s.db().get("rows updated"), 100 * s.dbActiveShare()));
        }
        md.append(String.format(Locale.ROOT, "| **hub total** | **%.2f s** | %.1f ms | | | | | |\n\n", hub,
                1000 * hub / o.contracts()));
        long[] lat = o.approvalMicros().clone();
        java.util.Arrays.sort(lat);
        md.append(String.format(Locale.ROOT, """
                E-invoice builds the hub ran for the %,d invoices (`e_invoice.builds`, summed): %,d.
                Approvals, client latency of `POST /api/cras/{id}/approve` one after the other (%d calls): p50 %.1f ms,
                p90 %.1f ms, p99 %.1f ms, max %.1f ms (target: under 20 ms of server time per call).
                "DB active": share of `pg_stat_activity` samples (every 100 ms) in which a backend was running a
                statement; commits and rows from `pg_stat_database` (the database is a separate process: its CPU is
                not in "process CPU").

                ### The floor, same JVM, same run

                The very documents the hub stored, read back from the database, made again by the same engines on a
                pool of %d threads (as many as cores), tight loop: each CRA's and decided CRA's canonical XML through
                `xsl/cra-fo.xsl` and FOP; each invoice's canonical XML through `xsl/invoice-fo.xsl` and FOP as PDF/A
                (the invoice with its annexes, and the time-detail annex alone), CII (twice, as the hub makes it) and
                UBL by `xsl/einvoice/`, the Factur-X assembled by Mustang, then the validators the gate runs on every
                invoice (Factur-X structure, Mustang XML, phive EN 16931 CII and UBL and Peppol, French rules), and the
                full PDF/A check once (once per template version at the gate); then as many mails as the hub sent
                (the CRA requests with a CRA PDF, the invoices with a Factur-X of the run), to GreenMail over one
                reused SMTP connection. No database writes, no HTTP: those are what the hub adds.

                | floor stage | wall time | steps (thread time, summed over threads) |
                |---|---|---|
                """, o.invoices(), einvoiceBuilds, lat.length, pct(lat, 50), pct(lat, 90), pct(lat, 99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1000.0,
                cores));
        for (FloorStage f : o.floor()) {
            md.append(String.format(Locale.ROOT, "| %s | %.2f s | %s |\n", f.name(), f.seconds(),
                    String.join("; ", f.stepSeconds().entrySet().stream()
                            .map(e -> String.format(Locale.ROOT, "%s %.2f s", e.getKey(), e.getValue())).toList())));
        }
        md.append(String.format(Locale.ROOT, "| **floor total** | **%.2f s** | |\n\n", floorTotal));
        md.append(String.format(Locale.ROOT, """
                | | hub | floor | hub/floor | target | verdict |
                |---|---|---|---|---|---|
                | month end of %,d contracts | %.2f s | %.2f s | **%.2fx** | ≤ 1.3x the floor | %s |
                | scaled to 1,000 contracts (linear) | %.0f s | %.0f s | | under 100 s | %s |
                | invoices per second (end to end) | %.2f | %.2f | | ≥ 10 (1,000 in 100 s) | |

                """, o.contracts(), hub, floorTotal, ratio,
                ratio <= 1.3 ? "met" : String.format(Locale.ROOT, "**missed by %.1fx** (%.0f s over 1.3x)", ratio / 1.3, hub - 1.3 * floorTotal),
                hub * 1000 / o.contracts(), floorTotal * 1000 / o.contracts(),
                hub <= target ? "met" : String.format(Locale.ROOT, "**missed by %.1fx**", hub / target),
                perSecond, o.invoices() / floorTotal));
        md.append(String.format(Locale.ROOT, """
                ### Where the time goes (JDK Flight Recorder)

                `jdk.ExecutionSample` every 20 ms over every stage (samples of running Java threads only: a thread
                waiting on the database, a timer or a lock is not sampled). Per stage: the top frames (self), the
                first `dev.crahub` frame of the stack (outside the bench), and the threads sampled.

                """));
        for (String stage : p.samples().keySet()) {
            long n = p.samples().get(stage);
            md.append(String.format(Locale.ROOT, "**%s** (%,d samples)\n\n", stage, n));
            if (n == 0) {
                continue;
            }
            md.append("| top frame (self) | share | first `dev.crahub` frame | share | thread | share |\n|---|---|---|---|---|---|\n");
            List<Map.Entry<String, Long>> a = top(p.self().get(stage), 8);
            List<Map.Entry<String, Long>> b = top(p.hub().get(stage), 8);
            List<Map.Entry<String, Long>> c = top(p.threads().get(stage), 8);
            for (int i = 0; i < Math.max(a.size(), Math.max(b.size(), c.size())); i++) {
                md.append(cell(a, i, n)).append(cell(b, i, n)).append(cell(c, i, n)).append("|\n");
            }
            md.append('\n');
        }
        md.append(String.format(Locale.ROOT, """
                Mails accepted by GreenMail: %,d CRA validation requests (at the end of the CRA stage), %,d by the
                end of the dispatch (with the approvers' notices of the recorded decisions, sent by the CRA mail
                poll), of which %,d invoices, %,d to other recipients; %,d for the floor.

                Reproduce (the number of contracts with `-Dbench.contracts`):

                ```
                mvn -B -Pbench test -Dtest=MonthEndBenchmark
                mvn -B -Pbench test -Dtest=MonthEndBenchmark -Dbench.contracts=100
                ```
                """, o.craMails(), o.hubMails(), o.invoiceMails(), o.otherMails(), o.floorMails()));
        return md.toString();
    }

    private static String cell(List<Map.Entry<String, Long>> rows, int i, long n) {
        return i < rows.size() ? String.format(Locale.ROOT, "| `%s` | %.1f %% ", rows.get(i).getKey(),
                100.0 * rows.get(i).getValue() / n) : "| | ";
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
    }
}
