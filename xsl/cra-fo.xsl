<?xml version="1.0" encoding="UTF-8"?>
<!--
  Canonical CRA (urn:crahub:cra:1) -> XSL-FO, for Apache FOP with xsl/fop.xconf.
  One page-sequence (fo/cra-page.xsl), numbered "page X / Y".
  To restyle: fo/styles.xsl; to reword or translate: l10n/<language>.xml; formats: fo/format.xsl.
  Templates placed in this file override the imported ones.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:fo="http://www.w3.org/1999/XSL/Format"
                xmlns:f="urn:crahub:xsl:functions"
                xmlns:cra="urn:crahub:cra:1"
                exclude-result-prefixes="xs f cra">

  <xsl:import href="fo/format.xsl"/>
  <xsl:import href="fo/styles.xsl"/>
  <xsl:import href="fo/page-masters.xsl"/>
  <xsl:import href="fo/blocks.xsl"/>
  <xsl:import href="fo/metadata.xsl"/>
  <xsl:import href="fo/cra-page.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:template match="/cra:cra">
    <fo:root xsl:use-attribute-sets="f:root">
      <xsl:call-template name="f:layout-master-set"/>
      <xsl:sequence select="f:declarations(concat(f:label('cra.title'), ' – ', f:month(cra:month), ' – ', cra:client/cra:name),
                                           string(cra:seller/cra:name))"/>
      <xsl:apply-templates select="." mode="f:cra-page"/>
    </fo:root>
  </xsl:template>

  <xsl:template match="/*" priority="-1">
    <xsl:message terminate="yes" error-code="f:not-a-cra">cra-fo.xsl expects a canonical CRA ({urn:crahub:cra:1}cra), got {<xsl:value-of select="namespace-uri()"/>}<xsl:value-of select="local-name()"/></xsl:message>
  </xsl:template>
</xsl:stylesheet>
