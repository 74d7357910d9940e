<?xml version="1.0" encoding="UTF-8"?>
<!--
  Look and feel shared by every crahub document: colours, font, attribute sets.
  Change the house style here; templates only refer to these names.
  The accent and header colours are parameters: an invoice's template set (templates/<name>/template.yaml, colours)
  passes its own; every other document keeps these defaults.
  The font family MUST be one declared in xsl/fop.xconf (embedded), never a system or base-14 font.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:fo="http://www.w3.org/1999/XSL/Format"
                xmlns:f="urn:crahub:xsl:functions"
                exclude-result-prefixes="xs f">

  <xsl:variable name="f:font-family" as="xs:string" select="'DejaVu Sans'"/>
  <xsl:variable name="f:color-text" as="xs:string" select="'#1E2430'"/>
  <xsl:param name="f:color-accent" as="xs:string" select="'#1F3A5F'"/>
  <!-- table headers and the amount due, with their text colour (white, or dark on a light header colour) -->
  <xsl:param name="f:color-header" as="xs:string" select="$f:color-accent"/>
  <xsl:param name="f:color-header-text" as="xs:string" select="'#FFFFFF'"/>
  <xsl:variable name="f:color-muted" as="xs:string" select="'#5B6472'"/>
  <xsl:variable name="f:color-border" as="xs:string" select="'#C8CDD5'"/>
  <xsl:variable name="f:color-shade" as="xs:string" select="'#EEF1F5'"/>
  <xsl:variable name="f:color-shade-strong" as="xs:string" select="'#DCE3EC'"/>

  <!-- on fo:root: inherited by everything -->
  <xsl:attribute-set name="f:root">
    <xsl:attribute name="font-family" select="$f:font-family"/>
    <xsl:attribute name="font-size">8.5pt</xsl:attribute>
    <xsl:attribute name="line-height">1.3</xsl:attribute>
    <xsl:attribute name="color" select="$f:color-text"/>
    <xsl:attribute name="language" select="$f:lang"/>
  </xsl:attribute-set>

  <xsl:attribute-set name="f:title">
    <xsl:attribute name="font-size">20pt</xsl:attribute>
    <xsl:attribute name="font-weight">bold</xsl:attribute>
    <xsl:attribute name="color" select="$f:color-accent"/>
    <xsl:attribute name="line-height">1.1</xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="f:heading">
    <xsl:attribute name="font-size">10pt</xsl:attribute>
    <xsl:attribute name="font-weight">bold</xsl:attribute>
    <xsl:attribute name="color" select="$f:color-accent"/>
    <xsl:attribute name="space-before">4.5mm</xsl:attribute>
    <xsl:attribute name="space-after">2mm</xsl:attribute>
    <xsl:attribute name="keep-with-next.within-page">always</xsl:attribute>
    <xsl:attribute name="border-bottom" select="concat('0.8pt solid ', $f:color-accent)"/>
    <xsl:attribute name="padding-bottom">0.8mm</xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="f:caption">
    <xsl:attribute name="font-size">7pt</xsl:attribute>
    <xsl:attribute name="color" select="$f:color-muted"/>
    <xsl:attribute name="text-transform">uppercase</xsl:attribute>
    <xsl:attribute name="letter-spacing">0.3pt</xsl:attribute>
    <xsl:attribute name="space-after">0.6mm</xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="f:party-name">
    <xsl:attribute name="font-size">10.5pt</xsl:attribute>
    <xsl:attribute name="font-weight">bold</xsl:attribute>
    <xsl:attribute name="space-after">0.8mm</xsl:attribute>
  </xsl:attribute-set>

  <!-- a bordered box: put it on a fo:table-cell (cell padding and border stay inside the column) -->
  <xsl:attribute-set name="f:box">
    <xsl:attribute name="border" select="concat('0.6pt solid ', $f:color-border)"/>
    <xsl:attribute name="padding">2.5mm</xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="f:table">
    <xsl:attribute name="table-layout">fixed</xsl:attribute>
    <xsl:attribute name="width">100%</xsl:attribute>
    <xsl:attribute name="border-collapse">separate</xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="f:th">
    <xsl:attribute name="background-color" select="$f:color-header"/>
    <xsl:attribute name="color" select="$f:color-header-text"/>
    <xsl:attribute name="font-weight">bold</xsl:attribute>
    <xsl:attribute name="font-size">7.5pt</xsl:attribute>
    <xsl:attribute name="padding">1.4mm 1.5mm</xsl:attribute>
    <xsl:attribute name="display-align">center</xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="f:td">
    <xsl:attribute name="padding">1.3mm 1.5mm</xsl:attribute>
    <xsl:attribute name="border-bottom" select="concat('0.4pt solid ', $f:color-border)"/>
  </xsl:attribute-set>

  <xsl:attribute-set name="f:td-total">
    <xsl:attribute name="padding">1.3mm 1.5mm</xsl:attribute>
    <xsl:attribute name="background-color" select="$f:color-shade"/>
    <xsl:attribute name="font-weight">bold</xsl:attribute>
    <xsl:attribute name="border-bottom" select="concat('0.4pt solid ', $f:color-border)"/>
  </xsl:attribute-set>

  <xsl:attribute-set name="f:td-grand-total">
    <xsl:attribute name="padding">1.6mm 1.5mm</xsl:attribute>
    <xsl:attribute name="background-color" select="$f:color-header"/>
    <xsl:attribute name="color" select="$f:color-header-text"/>
    <xsl:attribute name="font-weight">bold</xsl:attribute>
    <xsl:attribute name="font-size">9.5pt</xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="f:mention">
    <xsl:attribute name="background-color" select="$f:color-shade"/>
    <xsl:attribute name="border-left" select="concat('2pt solid ', $f:color-accent)"/>
    <xsl:attribute name="padding">1.8mm 2.5mm</xsl:attribute>
    <!-- explicit margins keep padding and border inside the column (FOP: otherwise they overflow) -->
    <xsl:attribute name="margin-left">0mm</xsl:attribute>
    <xsl:attribute name="margin-right">0mm</xsl:attribute>
    <xsl:attribute name="space-before">4mm</xsl:attribute>
    <xsl:attribute name="font-weight">bold</xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="f:small">
    <xsl:attribute name="font-size">7.5pt</xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="f:footer">
    <xsl:attribute name="font-size">6.8pt</xsl:attribute>
    <xsl:attribute name="color" select="$f:color-muted"/>
    <xsl:attribute name="line-height">1.35</xsl:attribute>
  </xsl:attribute-set>
</xsl:stylesheet>
