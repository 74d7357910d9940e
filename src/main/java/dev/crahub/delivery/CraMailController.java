package dev.crahub.delivery;

import java.util.List;

import dev.crahub.cra.CraStore;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The mails of a CRA version and where each stands: a row left in SENDING by a crash between the claim and the
 * send's end is never resent blindly, so this is where billing sees it and decides.
 */
@RestController
class CraMailController {

    private final CraMailStore mails;
    private final CraStore cras;

    CraMailController(CraMailStore mails, CraStore cras) {
        this.mails = mails;
        this.cras = cras;
    }

    @GetMapping("/api/cras/{id}/mails")
    List<CraMail> mails(@PathVariable long id) {
        if (cras.find(id).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No CRA " + id);
        }
        return mails.list(id);
    }
}
