package dev.crahub.referential;

import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/**
 * The quote and purchase order of a contract (ADR 0025): {@code POST /api/contracts/{code}/documents} (multipart,
 * {@code kind=QUOTE|PURCHASE_ORDER}, {@code file}=the PDF) stores one write-once; {@code GET} lists them. Billing's
 * (the security chain gives {@code /api/**} to billing and admin).
 */
@RestController
@RequestMapping("/api/contracts/{code}/documents")
class ContractDocumentController {

    private final ContractDocuments documents;

    ContractDocumentController(ContractDocuments documents) {
        this.documents = documents;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ContractDocuments.Stored upload(@PathVariable String code, @RequestParam("kind") String kind,
                                    @RequestParam("file") MultipartFile file, Principal user) throws IOException {
        ContractDocuments.Kind k;
        try {
            k = ContractDocuments.Kind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "kind must be QUOTE or PURCHASE_ORDER");
        }
        try {
            return documents.store(code, k, file.getOriginalFilename(), file.getBytes(), user == null ? null : user.getName());
        } catch (NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
        }
    }

    @GetMapping
    List<ContractDocuments.Stored> list(@PathVariable String code) {
        return documents.all(code);
    }
}
