<?xml version="1.0" encoding="UTF-8"?>
<!--
  Links that cannot be used, mode f:html-state, by the page's @state (titles and texts page.state.<STATE>.*):
    DECIDED (409: the outcome), EXPIRED, SUPERSEDED, REVOKED (410), NOT_FOUND (404), BAD_REQUEST (400/413: the
    problem), FORBIDDEN (403: the form was not sent from the page), UNAVAILABLE (503).
  The CRA the link names (when it is known) is recalled in one line; nothing else about it is shown.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:f="urn:crahub:xsl:functions"
                xmlns:p="urn:crahub:validation-page:1"
                xmlns:cra="urn:crahub:cra:1"
                xmlns="http://www.w3.org/1999/xhtml"
                exclude-result-prefixes="xs f p cra">

  <xsl:template match="p:page" mode="f:html-state">
    <header>
      <xsl:if test="cra:cra">
        <p class="seller"><xsl:value-of select="cra:cra/cra:seller/cra:name"/></p>
      </xsl:if>
      <h1><xsl:apply-templates select="." mode="f:html-state-title"/></h1>
      <xsl:for-each select="cra:cra">
        <p class="sub">
          <xsl:value-of select="concat(f:label('cra.title'), ' – ', f:month(cra:month), ' – ', cra:client/cra:name, ' – ',
                                       f:label('page.version', string(@version)))"/>
        </p>
      </xsl:for-each>
    </header>
    <xsl:apply-templates select="." mode="f:html-messages"/>
    <p class="explain"><xsl:apply-templates select="." mode="f:html-state-text"/></p>
    <xsl:apply-templates select="p:decision" mode="f:html-outcome"/>
    <xsl:if test="p:links and @state = ('BAD_REQUEST', 'FORBIDDEN')">
      <p class="actions"><a class="button" href="{p:links/@self}"><xsl:value-of select="f:label('page.back')"/></a></p>
    </xsl:if>
  </xsl:template>

  <xsl:template match="p:page[@state eq 'DECIDED']" mode="f:html-state-title"><xsl:value-of select="f:label('page.state.DECIDED.title')"/></xsl:template>
  <xsl:template match="p:page[@state eq 'EXPIRED']" mode="f:html-state-title"><xsl:value-of select="f:label('page.state.EXPIRED.title')"/></xsl:template>
  <xsl:template match="p:page[@state eq 'SUPERSEDED']" mode="f:html-state-title"><xsl:value-of select="f:label('page.state.SUPERSEDED.title')"/></xsl:template>
  <xsl:template match="p:page[@state eq 'REVOKED']" mode="f:html-state-title"><xsl:value-of select="f:label('page.state.REVOKED.title')"/></xsl:template>
  <xsl:template match="p:page[@state eq 'BAD_REQUEST']" mode="f:html-state-title"><xsl:value-of select="f:label('page.state.BAD_REQUEST.title')"/></xsl:template>
  <xsl:template match="p:page[@state eq 'FORBIDDEN']" mode="f:html-state-title"><xsl:value-of select="f:label('page.state.FORBIDDEN.title')"/></xsl:template>
  <xsl:template match="p:page[@state eq 'UNAVAILABLE']" mode="f:html-state-title"><xsl:value-of select="f:label('page.state.UNAVAILABLE.title')"/></xsl:template>
  <xsl:template match="p:page" mode="f:html-state-title"><xsl:value-of select="f:label('page.state.NOT_FOUND.title')"/></xsl:template>

  <xsl:template match="p:page[@state eq 'DECIDED']" mode="f:html-state-text"><xsl:value-of select="f:label('page.state.DECIDED.text')"/></xsl:template>
  <xsl:template match="p:page[@state eq 'EXPIRED']" mode="f:html-state-text"><xsl:value-of select="f:label('page.state.EXPIRED.text')"/></xsl:template>
  <xsl:template match="p:page[@state eq 'SUPERSEDED']" mode="f:html-state-text"><xsl:value-of select="f:label('page.state.SUPERSEDED.text')"/></xsl:template>
  <xsl:template match="p:page[@state eq 'REVOKED']" mode="f:html-state-text"><xsl:value-of select="f:label('page.state.REVOKED.text')"/></xsl:template>
  <xsl:template match="p:page[@state eq 'BAD_REQUEST']" mode="f:html-state-text"><xsl:value-of select="f:label('page.state.BAD_REQUEST.text')"/></xsl:template>
  <xsl:template match="p:page[@state eq 'FORBIDDEN']" mode="f:html-state-text"><xsl:value-of select="f:label('page.state.FORBIDDEN.text')"/></xsl:template>
  <xsl:template match="p:page[@state eq 'UNAVAILABLE']" mode="f:html-state-text"><xsl:value-of select="f:label('page.state.UNAVAILABLE.text')"/></xsl:template>
  <xsl:template match="p:page" mode="f:html-state-text"><xsl:value-of select="f:label('page.state.NOT_FOUND.text')"/></xsl:template>
</xsl:stylesheet>
