package dev.crahub.referential;

import dev.crahub.system.XmlBuilder;

/** The {@code address} element shared by the canonical CRA and invoice documents. */
public final class AddressXml {

    private AddressXml() {
    }

    public static void write(XmlBuilder x, Address a) {
        x.start("address");
        a.lines().forEach(line -> x.element("line", line));
        x.element("postcode", a.postcode());
        x.element("city", a.city());
        x.element("country", a.country());
        x.end();
    }
}
