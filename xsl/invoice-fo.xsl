<?xml version="1.0" encoding="UTF-8"?>
<!--
  Canonical invoice (urn:crahub:invoice:1) -> XSL-FO, for Apache FOP with xsl/fop.xconf.
    page-sequence 1      the invoice itself (fo/invoice-page.xsl)
    page-sequence 2..n   one per annex printed: those the template set lists, in its order (f:annexes, fo/template.xsl),
                         each by its module (fo/annex-*.xsl)
  To add an annex (expenses, products...): write fo/annex-<name>.xsl on the model of fo/annex-time-detail.xsl
  and import it below, AFTER fo/invoice-page.xsl (later imports take precedence over its fallback).
  To restyle: fo/styles.xsl; to reword or translate: l10n/<language>.xml; formats: fo/format.xsl.
  Templates placed in this file override the imported ones.
  Parameter f:part: 'invoice' (default) renders the whole invoice; 'annex-time-detail' renders the time-detail annex
  alone (whatever the template set lists), the PDF attached to the Factur-X as a supporting document (BG-24).
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:fo="http://www.w3.org/1999/XSL/Format"
                xmlns:f="urn:crahub:xsl:functions"
                xmlns:inv="urn:crahub:invoice:1"
                exclude-result-prefixes="xs f inv">

  <xsl:import href="fo/format.xsl"/>
  <xsl:import href="fo/styles.xsl"/>
  <xsl:import href="fo/page-masters.xsl"/>
  <xsl:import href="fo/blocks.xsl"/>
  <xsl:import href="fo/metadata.xsl"/>
  <xsl:import href="fo/template.xsl"/>
  <xsl:import href="fo/invoice-page.xsl"/>
  <xsl:import href="fo/annex-time-detail.xsl"/>
  <xsl:import href="fo/annex-expenses.xsl"/>
  <xsl:import href="fo/annex-products.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:template match="/inv:invoice">
    <fo:root xsl:use-attribute-sets="f:root">
      <xsl:call-template name="f:layout-master-set"/>
      <xsl:sequence select="f:declarations(f:invoice-reference(.), string(inv:seller/inv:name))"/>
      <xsl:choose>
        <xsl:when test="$f:part eq 'annex-time-detail'">
          <xsl:if test="empty(inv:annexes/inv:timeDetail)">
            <xsl:message terminate="yes" error-code="f:no-such-part">This invoice has no time-detail annex</xsl:message>
          </xsl:if>
          <xsl:apply-templates select="inv:annexes/inv:timeDetail" mode="f:annex"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="." mode="f:invoice-page"/>
          <xsl:apply-templates select="f:annexes(.)" mode="f:annex"/>
        </xsl:otherwise>
      </xsl:choose>
    </fo:root>
  </xsl:template>

  <xsl:template match="/*" priority="-1">
    <xsl:message terminate="yes" error-code="f:not-an-invoice">invoice-fo.xsl expects a canonical invoice ({urn:crahub:invoice:1}invoice), got {<xsl:value-of select="namespace-uri()"/>}<xsl:value-of select="local-name()"/></xsl:message>
  </xsl:template>
</xsl:stylesheet>
