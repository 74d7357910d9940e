<?xml version="1.0" encoding="UTF-8"?>
<!--
  Reusable FO building blocks shared by the invoice, its annexes and the CRA:
  table cells, caption/value pairs, party (seller/buyer/client) blocks, page "X / Y" numbers.
  Party blocks work on both canonical namespaces (urn:crahub:invoice:1 and urn:crahub:cra:1): they use *:name.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:fo="http://www.w3.org/1999/XSL/Format"
                xmlns:f="urn:crahub:xsl:functions"
                exclude-result-prefixes="xs f">

  <!-- ========== table cells ========== -->

  <!-- header cell; $align: start | center | end -->
  <xsl:function name="f:th" as="element(fo:table-cell)">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="align" as="xs:string"/>
    <fo:table-cell xsl:use-attribute-sets="f:th">
      <fo:block text-align="{$align}"><xsl:value-of select="$text"/></fo:block>
    </fo:table-cell>
  </xsl:function>

  <xsl:function name="f:td" as="element(fo:table-cell)">
    <xsl:param name="text" as="xs:string?"/>
    <xsl:param name="align" as="xs:string"/>
    <fo:table-cell xsl:use-attribute-sets="f:td">
      <fo:block text-align="{$align}"><xsl:value-of select="$text"/></fo:block>
    </fo:table-cell>
  </xsl:function>

  <!-- shaded, bold cell of a subtotal row -->
  <xsl:function name="f:td-total" as="element(fo:table-cell)">
    <xsl:param name="text" as="xs:string?"/>
    <xsl:param name="align" as="xs:string"/>
    <xsl:param name="columns" as="xs:integer"/>
    <fo:table-cell xsl:use-attribute-sets="f:td-total" number-columns-spanned="{$columns}">
      <fo:block text-align="{$align}"><xsl:value-of select="$text"/></fo:block>
    </fo:table-cell>
  </xsl:function>

  <!-- accent-coloured cell of a grand-total row -->
  <xsl:function name="f:td-grand-total" as="element(fo:table-cell)">
    <xsl:param name="text" as="xs:string?"/>
    <xsl:param name="align" as="xs:string"/>
    <xsl:param name="columns" as="xs:integer"/>
    <fo:table-cell xsl:use-attribute-sets="f:td-grand-total" number-columns-spanned="{$columns}">
      <fo:block text-align="{$align}"><xsl:value-of select="$text"/></fo:block>
    </fo:table-cell>
  </xsl:function>

  <!-- fixed-layout table columns from proportional widths, e.g. f:columns((1, 4, 1)) -->
  <xsl:function name="f:columns" as="element(fo:table-column)*">
    <xsl:param name="widths" as="xs:decimal*"/>
    <xsl:for-each select="$widths">
      <fo:table-column column-width="proportional-column-width({.})"/>
    </xsl:for-each>
  </xsl:function>

  <!-- ========== caption / value pairs ========== -->

  <!-- small grey caption above a value (info strips) -->
  <xsl:function name="f:info-cell" as="element(fo:table-cell)">
    <xsl:param name="caption" as="xs:string"/>
    <xsl:param name="value" as="xs:string?"/>
    <fo:table-cell padding="1.6mm 2mm" border-bottom="0.4pt solid {$f:color-border}">
      <fo:block xsl:use-attribute-sets="f:caption"><xsl:value-of select="$caption"/></fo:block>
      <fo:block font-weight="bold"><xsl:value-of select="if ($value) then $value else '–'"/></fo:block>
    </fo:table-cell>
  </xsl:function>

  <!-- "Caption : value" on one line; nothing when the value is empty -->
  <xsl:function name="f:line" as="element(fo:block)?">
    <xsl:param name="caption" as="xs:string"/>
    <xsl:param name="value" as="xs:string?"/>
    <xsl:if test="normalize-space($value)">
      <fo:block>
        <fo:inline color="{$f:color-muted}"><xsl:value-of select="f:label('common.colon', $caption)"/></fo:inline>
        <xsl:text> </xsl:text>
        <xsl:value-of select="$value"/>
      </fo:block>
    </xsl:if>
  </xsl:function>

  <!-- ========== parties ========== -->

  <!-- Postal address: lines, "postcode city", and the country code when it differs from $home-country. -->
  <xsl:template match="*" mode="f:address">
    <xsl:param name="home-country" as="xs:string" select="'FR'"/>
    <xsl:for-each select="*:line">
      <fo:block><xsl:value-of select="."/></fo:block>
    </xsl:for-each>
    <fo:block><xsl:value-of select="string-join((*:postcode, *:city), ' ')"/></fo:block>
    <xsl:if test="*:country ne $home-country">
      <fo:block><xsl:value-of select="*:country"/></fo:block>
    </xsl:if>
  </xsl:template>

  <!--
    A party (seller, buyer, client): name, address, then its identifiers.
    $with-name=false() when the caller prints the name itself (letterhead).
  -->
  <xsl:template match="*" mode="f:party">
    <xsl:param name="with-name" as="xs:boolean" select="true()"/>
    <xsl:param name="home-country" as="xs:string" select="'FR'"/>
    <xsl:if test="$with-name">
      <fo:block xsl:use-attribute-sets="f:party-name"><xsl:value-of select="*:name"/></fo:block>
    </xsl:if>
    <xsl:apply-templates select="*:address" mode="f:address">
      <xsl:with-param name="home-country" select="$home-country"/>
    </xsl:apply-templates>
    <fo:block space-before="1.2mm">
      <xsl:sequence select="f:line(f:label('party.siren'), *:siren)"/>
      <xsl:sequence select="f:line(f:label('party.vat-number'), *:vatNumber)"/>
      <xsl:sequence select="f:line(f:label('party.email'), *:email)"/>
    </fo:block>
  </xsl:template>

  <!-- ========== page numbers ========== -->

  <!-- "Page X / Y" where Y is the last page of the page-sequence whose id is $sequence-id (for an invoice, the
       document's last sequence, so that its annexes are numbered with it) -->
  <xsl:function name="f:page-x-of-y" as="node()*">
    <xsl:param name="sequence-id" as="xs:string"/>
    <xsl:value-of select="f:label('page.page')"/>
    <xsl:text> </xsl:text>
    <fo:page-number/>
    <xsl:value-of select="concat(' ', f:label('page.of'), ' ')"/>
    <fo:page-number-citation-last ref-id="{$sequence-id}"/>
  </xsl:function>
</xsl:stylesheet>
