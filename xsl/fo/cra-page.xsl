<?xml version="1.0" encoding="UTF-8"?>
<!--
  CRA (compte rendu d'activité, urn:crahub:cra:1) as one page-sequence on the "document" master, mode f:cra-page:
    header: seller, CRA id/version, month; title, status, parties, contract (label, PO, period, rate, deadline)
    per-consultant summary (hours, days), daily table (date, weekday, consultant, hours; weekends shaded),
    sessions with their comments, totals (hours, days, indicative amount excl. VAT),
    approval box: "validated by ... on ..." (APPROVED), "rejected by ..." (REJECTED), awaiting (SENT), empty (DRAFT).
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:fo="http://www.w3.org/1999/XSL/Format"
                xmlns:f="urn:crahub:xsl:functions"
                xmlns:cra="urn:crahub:cra:1"
                exclude-result-prefixes="xs f cra">

  <xsl:key name="f:consultant" match="cra:consultants/cra:consultant" use="@code"/>

  <!-- consultant display name from its code (the code itself when unknown) -->
  <xsl:function name="f:consultant-name" as="xs:string">
    <xsl:param name="context" as="node()"/>
    <xsl:param name="code" as="xs:string"/>
    <xsl:sequence select="string((key('f:consultant', $code, root($context))/cra:name, $code)[1])"/>
  </xsl:function>

  <xsl:function name="f:cra-status" as="xs:string">
    <xsl:param name="status" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="$status eq 'SENT'"><xsl:sequence select="f:label('cra.status.SENT')"/></xsl:when>
      <xsl:when test="$status eq 'APPROVED'"><xsl:sequence select="f:label('cra.status.APPROVED')"/></xsl:when>
      <xsl:when test="$status eq 'REJECTED'"><xsl:sequence select="f:label('cra.status.REJECTED')"/></xsl:when>
      <xsl:otherwise><xsl:sequence select="f:label('cra.status.DRAFT')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <xsl:template match="cra:cra" mode="f:cra-page">
    <xsl:variable name="title" select="f:label('cra.title')"/>
    <fo:page-sequence master-reference="document" id="seq-cra" initial-page-number="1" force-page-count="no-force">
      <fo:static-content flow-name="header">
        <fo:block xsl:use-attribute-sets="f:footer" text-align-last="justify"
                  border-bottom="0.4pt solid {$f:color-border}" padding-bottom="1mm">
          <fo:inline font-weight="bold" color="{$f:color-accent}"><xsl:value-of select="cra:seller/cra:name"/></fo:inline>
          <fo:leader leader-pattern="space"/>
          <fo:inline font-weight="bold">
            <xsl:value-of select="concat($title, ' – ', f:month(cra:month), ' – ', cra:client/cra:name)"/>
          </fo:inline>
        </fo:block>
      </fo:static-content>
      <fo:static-content flow-name="footer">
        <fo:block xsl:use-attribute-sets="f:footer" text-align-last="justify"
                  border-top="0.4pt solid {$f:color-border}" padding-top="1mm">
          <xsl:value-of select="concat(f:label('cra.id-version', (@id, @version)), ' – ',
                                f:label('cra.generated-at', f:date-time(cra:generatedAt)))"/>
          <fo:leader leader-pattern="space"/>
          <xsl:sequence select="f:page-x-of-y('seq-cra')"/>
        </fo:block>
      </fo:static-content>
      <fo:flow flow-name="xsl-region-body">
        <xsl:apply-templates select="." mode="f:cra-heading"/>
        <xsl:apply-templates select="." mode="f:cra-parties"/>
        <xsl:apply-templates select="." mode="f:cra-contract"/>
        <xsl:apply-templates select="." mode="f:cra-summary"/>
        <xsl:apply-templates select="cra:days" mode="f:cra-days"/>
        <xsl:apply-templates select="cra:entries" mode="f:cra-entries"/>
        <xsl:apply-templates select="." mode="f:cra-approval"/>
      </fo:flow>
    </fo:page-sequence>
  </xsl:template>

  <!-- title, month, status -->
  <xsl:template match="cra:cra" mode="f:cra-heading">
    <fo:table xsl:use-attribute-sets="f:table">
      <xsl:sequence select="f:columns((65, 35))"/>
      <fo:table-body>
        <fo:table-row>
          <fo:table-cell>
            <fo:block xsl:use-attribute-sets="f:title"><xsl:value-of select="f:label('cra.title')"/></fo:block>
            <fo:block font-size="12pt" font-weight="bold" space-before="1mm">
              <xsl:value-of select="f:month(cra:month)"/>
            </fo:block>
          </fo:table-cell>
          <fo:table-cell display-align="center">
            <fo:block text-align="end">
              <fo:inline xsl:use-attribute-sets="f:caption"><xsl:value-of select="f:label('cra.status')"/></fo:inline>
            </fo:block>
            <fo:block text-align="end" font-size="11pt" font-weight="bold"
                      color="{if (cra:status eq 'REJECTED') then '#A32020' else if (cra:status eq 'APPROVED') then '#1E6B3A' else $f:color-accent}">
              <xsl:value-of select="f:cra-status(cra:status)"/>
            </fo:block>
            <fo:block text-align="end" xsl:use-attribute-sets="f:small" color="{$f:color-muted}">
              <xsl:value-of select="f:label('cra.id-version', (@id, @version))"/>
            </fo:block>
          </fo:table-cell>
        </fo:table-row>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <!-- seller | client boxes -->
  <xsl:template match="cra:cra" mode="f:cra-parties">
    <xsl:variable name="home" select="string(cra:seller/cra:address/cra:country)"/>
    <fo:table xsl:use-attribute-sets="f:table" space-before="5mm">
      <xsl:sequence select="f:columns((48, 4, 48))"/>
      <fo:table-body>
        <fo:table-row>
          <fo:table-cell xsl:use-attribute-sets="f:box">
            <fo:block xsl:use-attribute-sets="f:caption"><xsl:value-of select="f:label('cra.seller')"/></fo:block>
            <xsl:apply-templates select="cra:seller" mode="f:party">
              <xsl:with-param name="home-country" select="$home"/>
            </xsl:apply-templates>
          </fo:table-cell>
          <fo:table-cell><fo:block/></fo:table-cell>
          <fo:table-cell xsl:use-attribute-sets="f:box">
            <fo:block xsl:use-attribute-sets="f:caption"><xsl:value-of select="f:label('cra.client')"/></fo:block>
            <xsl:apply-templates select="cra:client" mode="f:party">
              <xsl:with-param name="home-country" select="$home"/>
            </xsl:apply-templates>
          </fo:table-cell>
        </fo:table-row>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <!-- contract, PO, period, rate, deadline -->
  <xsl:template match="cra:cra" mode="f:cra-contract">
    <xsl:variable name="contract" select="cra:contract"/>
    <fo:table xsl:use-attribute-sets="f:table" space-before="5mm" background-color="{$f:color-shade}">
      <xsl:sequence select="f:columns((1, 1, 1))"/>
      <fo:table-body>
        <fo:table-row>
          <fo:table-cell number-columns-spanned="2" padding="1.6mm 2mm" border-bottom="0.4pt solid {$f:color-border}">
            <fo:block xsl:use-attribute-sets="f:caption"><xsl:value-of select="f:label('cra.contract')"/></fo:block>
            <fo:block font-weight="bold">
              <xsl:value-of select="concat($contract/cra:label, ' (', $contract/@code, ')')"/>
            </fo:block>
          </fo:table-cell>
          <xsl:sequence select="f:info-cell(f:label('cra.purchase-order'), $contract/cra:purchaseOrder)"/>
        </fo:table-row>
        <fo:table-row>
          <xsl:sequence select="f:info-cell(f:label('cra.period'), f:period(cra:periodStart, cra:periodEnd))"/>
          <xsl:sequence select="f:info-cell(f:label('cra.daily-rate'),
                                f:label('cra.daily-rate.value', (f:amount($contract/cra:dailyRate, $contract/cra:dailyRate/@currency),
                                                                 f:decimal($contract/cra:hoursPerDay))))"/>
          <xsl:sequence select="f:info-cell(f:label('cra.validation-deadline'), f:date(cra:validationDeadline))"/>
        </fo:table-row>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <!-- per consultant: hours, days | totals: hours, days, indicative amount -->
  <xsl:template match="cra:cra" mode="f:cra-summary">
    <fo:block xsl:use-attribute-sets="f:heading"><xsl:value-of select="f:label('cra.summary.title')"/></fo:block>
    <fo:table xsl:use-attribute-sets="f:table" keep-together.within-page="always">
      <xsl:sequence select="f:columns((52, 4, 44))"/>
      <fo:table-body>
        <fo:table-row>
          <fo:table-cell>
            <xsl:apply-templates select="cra:consultants" mode="f:cra-summary"/>
          </fo:table-cell>
          <fo:table-cell><fo:block/></fo:table-cell>
          <fo:table-cell>
            <xsl:apply-templates select="cra:totals" mode="f:cra-totals"/>
          </fo:table-cell>
        </fo:table-row>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <xsl:template match="cra:consultants" mode="f:cra-summary">
    <fo:table xsl:use-attribute-sets="f:table">
      <xsl:sequence select="f:columns((50, 25, 25))"/>
      <fo:table-header>
        <fo:table-row>
          <xsl:sequence select="f:th(f:label('cra.consultant'), 'start')"/>
          <xsl:sequence select="f:th(f:label('cra.hours'), 'end')"/>
          <xsl:sequence select="f:th(f:label('cra.days'), 'end')"/>
        </fo:table-row>
      </fo:table-header>
      <fo:table-body>
        <xsl:for-each select="cra:consultant">
          <fo:table-row>
            <xsl:sequence select="f:td(cra:name, 'start')"/>
            <xsl:sequence select="f:td(f:decimal(cra:totalHours), 'end')"/>
            <xsl:sequence select="f:td(f:decimal(cra:totalDays), 'end')"/>
          </fo:table-row>
        </xsl:for-each>
        <fo:table-row>
          <xsl:sequence select="f:td-total(f:label('cra.total'), 'start', 1)"/>
          <xsl:sequence select="f:td-total(f:decimal(../cra:totals/cra:hours), 'end', 1)"/>
          <xsl:sequence select="f:td-total(f:decimal(../cra:totals/cra:days), 'end', 1)"/>
        </fo:table-row>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <!-- calendar-like: one row per consultant and worked day, weekends shaded -->
  <xsl:template match="cra:days" mode="f:cra-days">
    <fo:block xsl:use-attribute-sets="f:heading"><xsl:value-of select="f:label('cra.days.title')"/></fo:block>
    <xsl:choose>
      <xsl:when test="cra:day">
        <fo:table xsl:use-attribute-sets="f:table">
          <xsl:sequence select="f:columns((30, 30, 80, 40))"/>
          <fo:table-header>
            <fo:table-row>
              <xsl:sequence select="f:th(f:label('cra.date'), 'start')"/>
              <xsl:sequence select="f:th(f:label('cra.weekday'), 'start')"/>
              <xsl:sequence select="f:th(f:label('cra.consultant'), 'start')"/>
              <xsl:sequence select="f:th(f:label('cra.hours'), 'end')"/>
            </fo:table-row>
          </fo:table-header>
          <fo:table-body>
            <xsl:for-each select="cra:day">
              <xsl:sort select="xs:date(@date)"/>
              <fo:table-row>
                <xsl:if test="f:is-weekend(@date)">
                  <xsl:attribute name="background-color" select="$f:color-shade"/>
                </xsl:if>
                <xsl:sequence select="f:td(f:date(@date), 'start')"/>
                <xsl:sequence select="f:td(f:weekday(@date), 'start')"/>
                <xsl:sequence select="f:td(f:consultant-name(., @consultant), 'start')"/>
                <xsl:sequence select="f:td(f:decimal(@hours), 'end')"/>
              </fo:table-row>
            </xsl:for-each>
          </fo:table-body>
        </fo:table>
      </xsl:when>
      <xsl:otherwise>
        <fo:block color="{$f:color-muted}"><xsl:value-of select="f:label('cra.none')"/></fo:block>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- every session with its comment -->
  <xsl:template match="cra:entries" mode="f:cra-entries">
    <fo:block xsl:use-attribute-sets="f:heading"><xsl:value-of select="f:label('cra.entries.title')"/></fo:block>
    <xsl:choose>
      <xsl:when test="cra:entry">
        <fo:table xsl:use-attribute-sets="f:table">
          <xsl:sequence select="f:columns((22, 28, 22, 14, 94))"/>
          <fo:table-header>
            <fo:table-row>
              <xsl:sequence select="f:th(f:label('cra.date'), 'start')"/>
              <xsl:sequence select="f:th(f:label('cra.consultant'), 'start')"/>
              <xsl:sequence select="f:th(f:label('cra.project'), 'start')"/>
              <xsl:sequence select="f:th(f:label('cra.hours'), 'end')"/>
              <xsl:sequence select="f:th(f:label('cra.comment'), 'start')"/>
            </fo:table-row>
          </fo:table-header>
          <fo:table-body>
            <xsl:for-each select="cra:entry">
              <xsl:sort select="xs:date(@date)"/>
              <fo:table-row keep-together.within-page="always">
                <xsl:sequence select="f:td(f:date(@date), 'start')"/>
                <xsl:sequence select="f:td(f:consultant-name(., @consultant), 'start')"/>
                <xsl:sequence select="f:td(f:breakable(@project), 'start')"/>
                <xsl:sequence select="f:td(f:decimal(@hours), 'end')"/>
                <xsl:sequence select="f:td(normalize-space(cra:comment), 'start')"/>
              </fo:table-row>
            </xsl:for-each>
          </fo:table-body>
        </fo:table>
      </xsl:when>
      <xsl:otherwise>
        <fo:block color="{$f:color-muted}"><xsl:value-of select="f:label('cra.none')"/></fo:block>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- totals: hours, days, indicative amount -->
  <xsl:template match="cra:totals" mode="f:cra-totals">
    <fo:table xsl:use-attribute-sets="f:table">
      <xsl:sequence select="f:columns((60, 40))"/>
      <fo:table-body>
        <fo:table-row>
          <xsl:sequence select="f:td(f:label('cra.total.hours'), 'start')"/>
          <xsl:sequence select="f:td(f:decimal(cra:hours), 'end')"/>
        </fo:table-row>
        <fo:table-row>
          <xsl:sequence select="f:td(f:label('cra.total.days'), 'start')"/>
          <xsl:sequence select="f:td(f:decimal(cra:days), 'end')"/>
        </fo:table-row>
        <fo:table-row>
          <xsl:sequence select="f:td-grand-total(f:label('cra.total.amount'), 'start', 1)"/>
          <xsl:sequence select="f:td-grand-total(f:amount(cra:amount, cra:amount/@currency), 'end', 1)"/>
        </fo:table-row>
      </fo:table-body>
    </fo:table>
    <fo:block xsl:use-attribute-sets="f:small" color="{$f:color-muted}" text-align="end" space-before="1mm">
      <xsl:value-of select="f:label('cra.total.amount.note')"/>
    </fo:block>
  </xsl:template>

  <!-- signature / approval: the client's box is filled only once the CRA is decided -->
  <xsl:template match="cra:cra" mode="f:cra-approval">
    <fo:block keep-together.within-page="always">
      <fo:block xsl:use-attribute-sets="f:heading"><xsl:value-of select="f:label('cra.approval.title')"/></fo:block>
      <fo:table xsl:use-attribute-sets="f:table">
        <xsl:sequence select="f:columns((48, 4, 48))"/>
        <fo:table-body>
          <fo:table-row height="20mm">
            <fo:table-cell xsl:use-attribute-sets="f:box">
              <fo:block xsl:use-attribute-sets="f:caption"><xsl:value-of select="f:label('cra.approval.seller')"/></fo:block>
              <fo:block font-weight="bold"><xsl:value-of select="cra:seller/cra:name"/></fo:block>
              <fo:block><xsl:value-of select="f:label('cra.approval.issued', f:date-time(cra:generatedAt))"/></fo:block>
            </fo:table-cell>
            <fo:table-cell><fo:block/></fo:table-cell>
            <fo:table-cell xsl:use-attribute-sets="f:box">
              <fo:block xsl:use-attribute-sets="f:caption"><xsl:value-of select="f:label('cra.approval.client')"/></fo:block>
              <xsl:apply-templates select="." mode="f:cra-approval-state"/>
            </fo:table-cell>
          </fo:table-row>
        </fo:table-body>
      </fo:table>
    </fo:block>
  </xsl:template>

  <xsl:template match="cra:cra[cra:status eq 'APPROVED']" mode="f:cra-approval-state">
    <fo:block font-weight="bold" color="#1E6B3A">
      <xsl:value-of select="f:label('cra.approval.approved', (string((cra:approvedBy, cra:client/cra:approver/cra:name, '–')[1]),
                                                               f:date-time(cra:approvedAt)))"/>
    </fo:block>
  </xsl:template>

  <xsl:template match="cra:cra[cra:status eq 'REJECTED']" mode="f:cra-approval-state">
    <fo:block font-weight="bold" color="#A32020">
      <xsl:value-of select="f:label('cra.approval.rejected', (string((cra:approvedBy, cra:client/cra:approver/cra:name, '–')[1]),
                                                               f:date-time(cra:approvedAt)))"/>
    </fo:block>
  </xsl:template>

  <xsl:template match="cra:cra[cra:status eq 'SENT']" mode="f:cra-approval-state">
    <xsl:sequence select="f:line(f:label('cra.approval.approver'), cra:client/cra:approver/cra:name)"/>
    <fo:block>
      <xsl:value-of select="if (cra:validationDeadline) then f:label('cra.approval.pending-until', f:date(cra:validationDeadline))
                            else f:label('cra.approval.pending')"/>
    </fo:block>
  </xsl:template>

  <!-- DRAFT: left empty on purpose -->
  <xsl:template match="cra:cra" mode="f:cra-approval-state">
    <fo:block/>
  </xsl:template>
</xsl:stylesheet>
