<?xml version="1.0" encoding="UTF-8"?>
<!--
  Page geometry (A4 portrait) for every crahub document.
    invoice       page-sequence-master: "invoice-first" (no header, the first page carries its own letterhead)
                  then "invoice-next" (running header) for overflow pages
    document      any other sequence (annexes, CRA): running header and footer on every page
  Region names: "header" (region-before) and "footer" (region-after).
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:fo="http://www.w3.org/1999/XSL/Format"
                xmlns:f="urn:crahub:xsl:functions"
                exclude-result-prefixes="xs f">

  <xsl:template name="f:layout-master-set">
    <fo:layout-master-set>
      <fo:simple-page-master master-name="invoice-first" page-width="210mm" page-height="297mm"
                             margin-top="12mm" margin-bottom="8mm" margin-left="15mm" margin-right="15mm">
        <fo:region-body margin-bottom="17mm"/>
        <fo:region-after region-name="footer" extent="14mm"/>
      </fo:simple-page-master>

      <fo:simple-page-master master-name="invoice-next" page-width="210mm" page-height="297mm"
                             margin-top="10mm" margin-bottom="8mm" margin-left="15mm" margin-right="15mm">
        <fo:region-body margin-top="14mm" margin-bottom="17mm"/>
        <fo:region-before region-name="header" extent="10mm"/>
        <fo:region-after region-name="footer" extent="14mm"/>
      </fo:simple-page-master>

      <fo:page-sequence-master master-name="invoice">
        <fo:repeatable-page-master-alternatives>
          <fo:conditional-page-master-reference master-reference="invoice-first" page-position="first"/>
          <fo:conditional-page-master-reference master-reference="invoice-next" page-position="rest"/>
        </fo:repeatable-page-master-alternatives>
      </fo:page-sequence-master>

      <fo:simple-page-master master-name="document" page-width="210mm" page-height="297mm"
                             margin-top="10mm" margin-bottom="8mm" margin-left="15mm" margin-right="15mm">
        <fo:region-body margin-top="16mm" margin-bottom="14mm"/>
        <fo:region-before region-name="header" extent="12mm"/>
        <fo:region-after region-name="footer" extent="10mm"/>
      </fo:simple-page-master>
    </fo:layout-master-set>
  </xsl:template>
</xsl:stylesheet>
