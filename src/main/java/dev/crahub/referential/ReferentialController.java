package dev.crahub.referential;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Reads the referential; an admin may also post a referential YAML document directly. */
@RestController
@RequestMapping("/api/referential")
class ReferentialController {

    private final ReferentialStore store;
    private final ReferentialImporter importer;

    ReferentialController(ReferentialStore store, ReferentialImporter importer) {
        this.store = store;
        this.importer = importer;
    }

    @GetMapping("/sellers")
    List<Seller> sellers() {
        return store.sellers();
    }

    @GetMapping("/sellers/{code}")
    Seller seller(@PathVariable String code) {
        return store.seller(code).orElseThrow(() -> notFound("seller", code));
    }

    @GetMapping("/clients")
    List<Client> clients() {
        return store.clients();
    }

    @GetMapping("/clients/{code}")
    Client client(@PathVariable String code) {
        return store.client(code).orElseThrow(() -> notFound("client", code));
    }

    @GetMapping("/consultants")
    List<Consultant> consultants() {
        return store.consultants();
    }

    @GetMapping("/contracts")
    List<Contract> contracts() {
        return store.contracts();
    }

    @GetMapping("/contracts/{code}")
    Contract contract(@PathVariable String code) {
        return store.contract(code).orElseThrow(() -> notFound("contract", code));
    }

    @PostMapping(consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/plain"})
    ResponseEntity<ReferentialImporter.ImportSummary> load(InputStream body) throws IOException {
        // read at most one byte past the limit, whatever Content-Length says (a chunked body has none)
        byte[] document = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, importer.maxBytes() + 1));
        importer.checkSize(document.length);
        return ResponseEntity.status(HttpStatus.OK).body(importer.load(document, "api"));
    }

    /** A rejected document: 400 with every problem, nothing stored. */
    @ExceptionHandler(InvalidReferentialException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidReferentialException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                e.problems().size() + " problem(s); nothing was stored");
        problem.setTitle("Invalid referential");
        problem.setProperty("problems", e.problems());
        return ResponseEntity.badRequest().body(problem);
    }

    private static ResponseStatusException notFound(String what, String code) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No " + what + " '" + code + "'");
    }
}
