<?xml version="1.0" encoding="UTF-8"?>
<!--
  The client's validation page (/validation/<token>): a page document (urn:crahub:validation-page:1, built by
  dev.crahub.cra.ValidationPage) wrapping the canonical CRA (urn:crahub:cra:1) -> HTML5 (XHTML syntax), no script.
  Same labels (l10n/<language>.xml) and number/date formats (fo/format.xsl) as the PDF.
  Modules: html/layout.xsl (page skeleton and CSS), html/cra.xsl (the CRA: facts, calendar, totals, sessions,
  changes), html/decision.xsl (the form and the outcome), html/states.xsl (links that cannot be used).
  Templates placed in this file override the imported ones.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:f="urn:crahub:xsl:functions"
                xmlns:p="urn:crahub:validation-page:1"
                xmlns:cra="urn:crahub:cra:1"
                xmlns="http://www.w3.org/1999/xhtml"
                exclude-result-prefixes="xs f p cra">

  <xsl:import href="fo/format.xsl"/>
  <xsl:import href="html/layout.xsl"/>
  <xsl:import href="html/cra.xsl"/>
  <xsl:import href="html/decision.xsl"/>
  <xsl:import href="html/states.xsl"/>

  <xsl:output method="xhtml" html-version="5" omit-xml-declaration="yes" encoding="UTF-8" indent="no"/>

  <xsl:template match="/p:page">
    <xsl:apply-templates select="." mode="f:html-page"/>
  </xsl:template>

  <xsl:template match="/*" priority="-1">
    <xsl:message terminate="yes" error-code="f:not-a-page">cra-html.xsl expects a validation page ({urn:crahub:validation-page:1}page), got {<xsl:value-of select="namespace-uri()"/>}<xsl:value-of select="local-name()"/></xsl:message>
  </xsl:template>
</xsl:stylesheet>
