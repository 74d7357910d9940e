<?xml version="1.0" encoding="UTF-8"?>
<!--
  What an invoice's template set (templates/<name>/template.yaml, ADR 17) decides, as stylesheet parameters the hub
  passes when it renders an invoice (all optional: without them, the house look and every annex in document order).
    f:template-annexes        annex names in the order wanted, space-separated ("time-detail expenses products");
                              '#all' (default) = every annex of the invoice in document order; '' = none
    f:template-logo           the logo as a data: URI (image/png, image/jpeg, image/svg+xml), or ''
    f:template-header-note    text under the letterhead of page 1, or ''
    f:template-footer-note    one line above the legal line of every invoice page, or ''
    f:template-payment-note   text closing the payment block, or ''
  Colours are f:color-accent, f:color-header and f:color-header-text in fo/styles.xsl.
  The texts are the set's plain text: printed as text (never markup), a line break starts a new line.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:fo="http://www.w3.org/1999/XSL/Format"
                xmlns:f="urn:crahub:xsl:functions"
                xmlns:inv="urn:crahub:invoice:1"
                exclude-result-prefixes="xs f inv">

  <xsl:param name="f:template-name" as="xs:string" select="''"/>
  <xsl:param name="f:template-annexes" as="xs:string" select="'#all'"/>
  <xsl:param name="f:template-logo" as="xs:string" select="''"/>
  <xsl:param name="f:template-header-note" as="xs:string" select="''"/>
  <xsl:param name="f:template-footer-note" as="xs:string" select="''"/>
  <xsl:param name="f:template-payment-note" as="xs:string" select="''"/>

  <!-- The template set's name of an annex element: timeDetail -> time-detail, expenses -> expenses, products -> products -->
  <xsl:function name="f:annex-name" as="xs:string">
    <xsl:param name="annex" as="element()"/>
    <xsl:sequence select="lower-case(replace(local-name($annex), '([a-z])([A-Z])', '$1-$2'))"/>
  </xsl:function>

  <!-- The annexes printed, in the order the template set lists them; an annex without data (no child) is skipped,
       and so is one no module renders (no f:annex-title: it would have no page-sequence to number). -->
  <xsl:function name="f:annexes" as="element()*">
    <xsl:param name="invoice" as="element()"/>
    <xsl:variable name="present" select="$invoice/inv:annexes/*[exists(*)][f:renderable(.)]"/>
    <xsl:sequence select="if ($f:template-annexes eq '#all') then $present
                          else for $name in tokenize($f:template-annexes) return $present[f:annex-name(.) eq $name]"/>
  </xsl:function>

  <xsl:function name="f:renderable" as="xs:boolean">
    <xsl:param name="annex" as="element()"/>
    <xsl:variable name="title" as="xs:string*"><xsl:apply-templates select="$annex" mode="f:annex-title"/></xsl:variable>
    <xsl:sequence select="exists($title)"/>
  </xsl:function>

  <!-- The logo at the top of page 1's letterhead: 18 mm high and 60 mm wide at most, proportions kept. -->
  <xsl:template name="f:template-logo">
    <xsl:if test="$f:template-logo ne ''">
      <fo:block space-after="2.5mm" line-height="1">
        <fo:external-graphic src="url('{$f:template-logo}')" content-height="scale-down-to-fit"
                             content-width="scale-down-to-fit" height="18mm" width="60mm" scaling="uniform"
                             fox:alt-text="logo" xmlns:fox="http://xmlgraphics.apache.org/fop/extensions"/>
      </fo:block>
    </xsl:if>
  </xsl:template>

  <!-- a note of the set: one block, one line per line of its text -->
  <xsl:function name="f:template-note" as="element(fo:block)*">
    <xsl:param name="text" as="xs:string"/>
    <xsl:for-each select="tokenize($text, '\n')">
      <fo:block><xsl:value-of select="."/></fo:block>
    </xsl:for-each>
  </xsl:function>

  <xsl:template name="f:template-header-note">
    <xsl:if test="normalize-space($f:template-header-note)">
      <fo:block space-before="4mm" padding="1.5mm 2.5mm" border-left="2pt solid {$f:color-accent}"
                margin-left="0mm" margin-right="0mm" font-style="italic" keep-together.within-page="always">
        <xsl:sequence select="f:template-note($f:template-header-note)"/>
      </fo:block>
    </xsl:if>
  </xsl:template>

  <xsl:template name="f:template-footer-note">
    <xsl:if test="normalize-space($f:template-footer-note)">
      <fo:block xsl:use-attribute-sets="f:footer" text-align="center" space-after="0.8mm">
        <xsl:value-of select="$f:template-footer-note"/>
      </fo:block>
    </xsl:if>
  </xsl:template>

  <xsl:template name="f:template-payment-note">
    <xsl:if test="normalize-space($f:template-payment-note)">
      <fo:block space-before="2mm">
        <xsl:sequence select="f:template-note($f:template-payment-note)"/>
      </fo:block>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
