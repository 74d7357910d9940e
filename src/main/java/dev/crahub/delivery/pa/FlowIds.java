package dev.crahub.delivery.pa;

/**
 * What a flow id may be before the hub puts it in a URL, a row or a log line: 1 to 200 letters, digits and
 * {@code . _ : -}, never a dot segment. Flow ids come from platforms and from webhook bodies: never trusted as they are.
 */
final class FlowIds {

    private FlowIds() {
    }

    static boolean valid(String flowId) {
        return flowId != null && flowId.matches("[A-Za-z0-9._:-]{1,200}") && !flowId.matches("\\.+");
    }

    /** A flow id fit for a message: control characters out, clipped. */
    static String printable(String flowId) {
        if (flowId == null) {
            return "(none)";
        }
        String clean = flowId.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
    }
}
