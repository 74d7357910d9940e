<?xml version="1.0" encoding="UTF-8"?>
<!--
  Annex "time detail" (inv:annexes/inv:timeDetail): one row per tracked session (date, consultant, hours, comment),
  grouped by consultant with a subtotal each, a grand total, and the source CRA when the invoice names one.

  Pattern for every annex module (copy it for expenses, products...):
    mode f:annex-title  -> the annex title (a string), listed on the invoice page
    mode f:annex        -> its own fo:page-sequence on the "document" master, id "seq-annex-N", its pages numbered
                           on from the invoice's ("Page 2 / 3": the whole document counts),
                           header repeating the invoice reference.
  The annex number N is f:annex-number(.), the element's position under inv:annexes.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:fo="http://www.w3.org/1999/XSL/Format"
                xmlns:f="urn:crahub:xsl:functions"
                xmlns:inv="urn:crahub:invoice:1"
                exclude-result-prefixes="xs f inv">

  <xsl:template match="inv:annexes/inv:timeDetail" mode="f:annex-title" as="xs:string">
    <xsl:sequence select="f:label('annex.time.title')"/>
  </xsl:template>

  <xsl:template match="inv:annexes/inv:timeDetail" mode="f:annex">
    <xsl:variable name="invoice" select="ancestor::inv:invoice"/>
    <xsl:variable name="number" select="f:annex-number(.)"/>
    <xsl:variable name="sequence-id" select="concat('seq-annex-', $number)"/>
    <xsl:variable name="title" select="f:label('annex.heading', ($number, f:label('annex.time.title')))"/>
    <fo:page-sequence master-reference="document" id="{$sequence-id}" force-page-count="no-force">
      <fo:static-content flow-name="header">
        <fo:block xsl:use-attribute-sets="f:footer" text-align-last="justify"
                  border-bottom="0.4pt solid {$f:color-border}" padding-bottom="1mm">
          <fo:inline font-weight="bold" color="{$f:color-accent}"><xsl:value-of select="$invoice/inv:seller/inv:name"/></fo:inline>
          <fo:leader leader-pattern="space"/>
          <fo:inline font-weight="bold"><xsl:value-of select="f:invoice-reference($invoice)"/></fo:inline>
        </fo:block>
        <fo:block xsl:use-attribute-sets="f:footer" text-align="end">
          <xsl:value-of select="$title"/>
        </fo:block>
      </fo:static-content>
      <fo:static-content flow-name="footer">
        <fo:block xsl:use-attribute-sets="f:footer" text-align-last="justify"
                  border-top="0.4pt solid {$f:color-border}" padding-top="1mm">
          <xsl:value-of select="concat($invoice/inv:number, ' – ', $title)"/>
          <fo:leader leader-pattern="space"/>
          <xsl:sequence select="f:page-x-of-y(f:last-sequence-id($invoice))"/>
        </fo:block>
      </fo:static-content>
      <fo:flow flow-name="xsl-region-body">
        <fo:block xsl:use-attribute-sets="f:title" font-size="15pt"><xsl:value-of select="$title"/></fo:block>
        <fo:block space-before="1.5mm" color="{$f:color-muted}">
          <xsl:value-of select="f:label('annex.time.subtitle',
                                (f:invoice-reference($invoice), f:period($invoice/inv:periodStart, $invoice/inv:periodEnd)))"/>
        </fo:block>
        <xsl:apply-templates select="." mode="f:time-detail-table"/>
        <xsl:apply-templates select="$invoice/inv:cra" mode="f:time-detail-source"/>
      </fo:flow>
    </fo:page-sequence>
  </xsl:template>

  <xsl:template match="inv:timeDetail" mode="f:time-detail-table">
    <fo:table xsl:use-attribute-sets="f:table" space-before="5mm">
      <xsl:sequence select="f:columns((27, 36, 16, 101))"/>
      <fo:table-header>
        <fo:table-row>
          <xsl:sequence select="f:th(f:label('annex.time.date'), 'start')"/>
          <xsl:sequence select="f:th(f:label('annex.time.consultant'), 'start')"/>
          <xsl:sequence select="f:th(f:label('annex.time.hours'), 'end')"/>
          <xsl:sequence select="f:th(f:label('annex.time.comment'), 'start')"/>
        </fo:table-row>
      </fo:table-header>
      <fo:table-body>
        <!-- consultants in order of first appearance, sessions by date (stable for equal dates) -->
        <xsl:for-each-group select="inv:entry" group-by="@consultant">
          <xsl:for-each select="current-group()">
            <xsl:sort select="xs:date(@date)"/>
            <fo:table-row keep-together.within-page="always">
              <xsl:sequence select="f:td(f:date(@date), 'start')"/>
              <xsl:sequence select="f:td(@consultantName, 'start')"/>
              <xsl:sequence select="f:td(f:decimal(@hours), 'end')"/>
              <xsl:sequence select="f:td(normalize-space(inv:comment), 'start')"/>
            </fo:table-row>
          </xsl:for-each>
          <fo:table-row keep-with-previous.within-page="always">
            <xsl:sequence select="f:td-total(f:label('annex.time.subtotal', @consultantName), 'start', 2)"/>
            <xsl:sequence select="f:td-total(f:decimal(sum(current-group()/@hours/xs:decimal(.))), 'end', 1)"/>
            <xsl:sequence select="f:td-total(f:label('annex.time.sessions', count(current-group())), 'start', 1)"/>
          </fo:table-row>
        </xsl:for-each-group>
        <fo:table-row keep-with-previous.within-page="always">
          <xsl:sequence select="f:td-grand-total(f:label('annex.time.total'), 'start', 2)"/>
          <xsl:sequence select="f:td-grand-total(f:decimal(sum(inv:entry/@hours/xs:decimal(.))), 'end', 1)"/>
          <xsl:sequence select="f:td-grand-total(f:label('annex.time.sessions', count(inv:entry)), 'start', 1)"/>
        </fo:table-row>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <xsl:function name="f:upper-first" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="concat(upper-case(substring($text, 1, 1)), substring($text, 2))"/>
  </xsl:function>

  <xsl:template match="inv:cra" mode="f:time-detail-source">
    <fo:block xsl:use-attribute-sets="f:mention" font-weight="normal" space-before="6mm" keep-together.within-page="always">
      <fo:block font-weight="bold"><xsl:value-of select="f:label('annex.time.source', (@id, @version))"/></fo:block>
      <xsl:if test="inv:approvedBy or inv:approvedAt">
        <fo:block><xsl:value-of select="f:upper-first(f:cra-approval(.))"/></fo:block>
      </xsl:if>
      <xsl:if test="inv:xmlSha256">
        <fo:block xsl:use-attribute-sets="f:small" color="{$f:color-muted}">
          <xsl:value-of select="f:label('cra.reference.fingerprint', (substring(inv:xmlSha256, 1, 16), substring(inv:pdfSha256, 1, 16)))"/>
        </fo:block>
      </xsl:if>
    </fo:block>
  </xsl:template>
</xsl:stylesheet>
