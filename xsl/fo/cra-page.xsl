<?xml version="1.0" encoding="UTF-8"?>
<!--
  CRA (compte rendu d'activité, urn:crahub:cra:1) as one page-sequence on the "document" master, mode f:cra-page:
    header: seller, CRA id/version, month; title, status, parties, contract (label, PO, period, rate, deadline)
    per-consultant summary (hours, days), "changes since version N" (when the version supersedes one),
    the month as a calendar (two half-months, one row per consultant, hours per day; weekends shaded),
    sessions with their comments (compact rows: the project column sized to the longest code, so it does not wrap),
    then the approval block, kept with the sessions' total row so that it never stands alone on a page:
    the client's box says who approved (name, e-mail), when, how (link, tacit, recorded by a hub user on the
    approver's behalf) and the fingerprint of the version approved (APPROVED); who rejected, when, the comment and
    the disputed days (REJECTED); awaiting (SENT); empty (DRAFT).
  A normal month (2 consultants, about 55 one-line sessions) fits in two pages.
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
        <xsl:apply-templates select="cra:billing[cra:line]" mode="f:cra-billing"/>
        <xsl:apply-templates select="cra:changes" mode="f:cra-changes"/>
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
    <fo:table xsl:use-attribute-sets="f:table" space-before="2.5mm">
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
    <fo:table xsl:use-attribute-sets="f:table" space-before="2.5mm" background-color="{$f:color-shade}">
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
    <fo:block xsl:use-attribute-sets="f:heading" space-before="3mm" space-after="1.5mm"><xsl:value-of select="f:label('cra.summary.title')"/></fo:block>
    <fo:table xsl:use-attribute-sets="f:table" keep-together.within-page="always">
      <xsl:sequence select="f:columns((48, 4, 48))"/>
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
            <xsl:sequence select="f:td-compact(cra:name, 'start')"/>
            <xsl:sequence select="f:td-compact(f:decimal(cra:totalHours), 'end')"/>
            <xsl:sequence select="f:td-compact(f:quantity(cra:totalDays), 'end')"/>
          </fo:table-row>
        </xsl:for-each>
        <fo:table-row>
          <xsl:sequence select="f:td-total(f:label('cra.total'), 'start', 1)"/>
          <xsl:sequence select="f:td-total(f:decimal(../cra:totals/cra:hours), 'end', 1)"/>
          <xsl:sequence select="f:td-total(f:quantity(../cra:totals/cra:days), 'end', 1)"/>
        </fo:table-row>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <!-- hours without trailing zeros, for the calendar: 8, 7,5, 3,25 -->
  <xsl:function name="f:hours-short" as="xs:string">
    <xsl:param name="value" as="xs:anyAtomicType?"/>
    <xsl:sequence select="if (empty($value) or string($value) eq '') then ''
                          else if ($f:lang eq 'fr') then format-number(xs:decimal($value), '#&#xA0;##0,##', 'f:fr')
                          else format-number(xs:decimal($value), '#,##0.##', 'f:en')"/>
  </xsl:function>

  <!-- a session's date without the year the heading already gives: 01/10 (fr), 1 Oct (en) -->
  <xsl:function name="f:day-month" as="xs:string">
    <xsl:param name="value" as="xs:anyAtomicType"/>
    <xsl:sequence select="if ($f:lang eq 'fr') then format-date(xs:date($value), '[D01]/[M01]')
                          else format-date(xs:date($value), '[D] [MNn,3-3]', 'en', (), ())"/>
  </xsl:function>

  <!-- the month as a calendar: two half-months, a column per day, a row per consultant, hours in the cells -->
  <xsl:template match="cra:days" mode="f:cra-days">
    <xsl:variable name="cra" select=".."/>
    <fo:block xsl:use-attribute-sets="f:heading" space-before="3mm" space-after="1.5mm"><xsl:value-of select="f:label('cra.days.title')"/></fo:block>
    <xsl:choose>
      <xsl:when test="cra:day">
        <xsl:variable name="start" select="xs:date($cra/cra:periodStart)"/>
        <xsl:variable name="end" select="xs:date($cra/cra:periodEnd)"/>
        <xsl:variable name="count" select="days-from-duration($end - $start) + 1"/>
        <xsl:variable name="days" select="cra:day"/>
        <xsl:for-each select="(0, 16)[. lt $count]">
          <xsl:variable name="dates" as="xs:date*"
                        select="for $i in . to min((. + 15, $count - 1)) return $start + xs:dayTimeDuration(concat('P', $i, 'D'))"/>
          <fo:table xsl:use-attribute-sets="f:table" font-size="7pt" line-height="1.2" keep-together.within-page="always"
                    space-before="{if (. eq 0) then '0mm' else '1mm'}">
            <fo:table-column column-width="34mm"/>
            <xsl:for-each select="1 to 16">
              <fo:table-column column-width="proportional-column-width(1)"/>
            </xsl:for-each>
            <fo:table-header>
              <fo:table-row>
                <fo:table-cell xsl:use-attribute-sets="f:th" padding="0.5mm 1.2mm">
                  <fo:block><xsl:value-of select="f:label('cra.consultant')"/></fo:block>
                </fo:table-cell>
                <xsl:for-each select="$dates">
                  <fo:table-cell xsl:use-attribute-sets="f:th" padding="0.5mm 0.3mm">
                    <xsl:if test="f:is-weekend(.)">
                      <xsl:attribute name="background-color" select="$f:color-muted"/>
                    </xsl:if>
                    <fo:block wrap-option="no-wrap" text-align="center">
                      <fo:inline font-weight="normal"><xsl:value-of select="upper-case(substring(f:weekday(.), 1, 1))"/></fo:inline>
                      <xsl:value-of select="concat(' ', day-from-date(.))"/>
                    </fo:block>
                  </fo:table-cell>
                </xsl:for-each>
              </fo:table-row>
            </fo:table-header>
            <fo:table-body>
              <xsl:for-each select="$cra/cra:consultants/cra:consultant">
                <xsl:variable name="code" select="string(@code)"/>
                <fo:table-row>
                  <fo:table-cell xsl:use-attribute-sets="f:td" padding="0.5mm 1.2mm">
                    <fo:block wrap-option="no-wrap" overflow="hidden"><xsl:value-of select="cra:name"/></fo:block>
                  </fo:table-cell>
                  <xsl:for-each select="$dates">
                    <xsl:variable name="date" select="string(.)"/>
                    <fo:table-cell xsl:use-attribute-sets="f:td" padding="0.5mm 0.3mm" text-align="center">
                      <xsl:if test="f:is-weekend(.)">
                        <xsl:attribute name="background-color" select="$f:color-shade-strong"/>
                      </xsl:if>
                      <fo:block>
                        <xsl:value-of select="f:hours-short(sum($days[@date eq $date and @consultant eq $code]/@hours/xs:decimal(.))[. gt 0])"/>
                      </fo:block>
                    </fo:table-cell>
                  </xsl:for-each>
                </fo:table-row>
              </xsl:for-each>
            </fo:table-body>
          </fo:table>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <fo:block color="{$f:color-muted}"><xsl:value-of select="f:label('cra.none')"/></fo:block>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- every session with its comment, one compact row each; the total row closes the table -->
  <xsl:template match="cra:entries" mode="f:cra-entries">
    <fo:block xsl:use-attribute-sets="f:heading" space-before="3mm" space-after="1.5mm"><xsl:value-of select="f:label('cra.entries.title')"/></fo:block>
    <xsl:choose>
      <xsl:when test="cra:entry">
        <!-- columns sized to what they hold (in mm, about 1.6 mm a character at 7.5pt): the project code on one line -->
        <xsl:variable name="project-chars" select="min((max((8, cra:entry/string-length(@project))), 26))"/>
        <xsl:variable name="name-chars"
                      select="min((max((13, for $c in distinct-values(cra:entry/@consultant) return string-length(f:consultant-name(., $c)))), 22))"/>
        <fo:table xsl:use-attribute-sets="f:table" font-size="7.5pt" line-height="1.2">
          <fo:table-column column-width="{if ($f:lang eq 'fr') then 12 else 13}mm"/>
          <fo:table-column column-width="{$name-chars * 1.45 + 3}mm"/>
          <fo:table-column column-width="{$project-chars * 1.75 + 3}mm"/>
          <fo:table-column column-width="15mm"/>
          <fo:table-column column-width="proportional-column-width(1)"/>
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
                <xsl:if test="f:is-weekend(@date)">
                  <xsl:attribute name="background-color" select="$f:color-shade"/>
                </xsl:if>
                <xsl:sequence select="f:td-compact(f:day-month(@date), 'start')"/>
                <xsl:sequence select="f:td-compact(f:consultant-name(., @consultant), 'start')"/>
                <fo:table-cell xsl:use-attribute-sets="f:td" padding="0.5mm 1.2mm">
                  <!-- longer than the column: a smaller font, then cut with an ellipsis (last resort) -->
                  <fo:block wrap-option="no-wrap" overflow="hidden">
                    <xsl:if test="string-length(@project) gt $project-chars">
                      <xsl:attribute name="font-size">6.5pt</xsl:attribute>
                    </xsl:if>
                    <xsl:value-of select="if (string-length(@project) gt 30) then concat(substring(@project, 1, 29), '…') else string(@project)"/>
                  </fo:block>
                </fo:table-cell>
                <xsl:sequence select="f:td-compact(f:decimal(@hours), 'end')"/>
                <xsl:sequence select="f:td-compact(normalize-space(cra:comment), 'start')"/>
              </fo:table-row>
            </xsl:for-each>
            <fo:table-row keep-with-previous.within-page="always">
              <xsl:sequence select="f:td-total(f:label('cra.total'), 'start', 3)"/>
              <xsl:sequence select="f:td-total(f:decimal(../cra:totals/cra:hours), 'end', 1)"/>
              <xsl:sequence select="f:td-total(f:label('cra.entries.total', (count(cra:entry), f:quantity(../cra:totals/cra:days),
                                                 f:amount(../cra:totals/cra:amount, ../cra:totals/cra:amount/@currency))), 'start', 1)"/>
            </fo:table-row>
          </fo:table-body>
        </fo:table>
      </xsl:when>
      <xsl:otherwise>
        <fo:block color="{$f:color-muted}"><xsl:value-of select="f:label('cra.none')"/></fo:block>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:function name="f:td-compact" as="element(fo:table-cell)">
    <xsl:param name="text" as="xs:string?"/>
    <xsl:param name="align" as="xs:string"/>
    <fo:table-cell xsl:use-attribute-sets="f:td" padding="0.5mm 1.2mm">
      <fo:block text-align="{$align}"><xsl:value-of select="$text"/></fo:block>
    </fo:table-cell>
  </xsl:function>

  <!-- what changed since the version this one supersedes, day by day -->
  <xsl:template match="cra:changes" mode="f:cra-changes">
    <fo:block keep-together.within-page="always">
      <fo:block xsl:use-attribute-sets="f:heading" space-before="3mm" space-after="1.5mm"><xsl:value-of select="f:label('cra.changes.title', @sinceVersion)"/></fo:block>
      <xsl:choose>
        <xsl:when test="cra:day">
          <fo:table xsl:use-attribute-sets="f:table" font-size="7.5pt">
            <xsl:sequence select="f:columns((16, 40, 30, 14, 14))"/>
            <fo:table-header>
              <fo:table-row>
                <xsl:sequence select="f:th(f:label('cra.date'), 'start')"/>
                <xsl:sequence select="f:th(f:label('cra.consultant'), 'start')"/>
                <xsl:sequence select="f:th(f:label('cra.changes.change'), 'start')"/>
                <xsl:sequence select="f:th(f:label('cra.changes.before'), 'end')"/>
                <xsl:sequence select="f:th(f:label('cra.changes.after'), 'end')"/>
              </fo:table-row>
            </fo:table-header>
            <fo:table-body>
              <xsl:for-each select="cra:day">
                <fo:table-row>
                  <xsl:sequence select="f:td-compact(f:date(@date), 'start')"/>
                  <xsl:sequence select="f:td-compact(f:consultant-name(., @consultant), 'start')"/>
                  <xsl:sequence select="f:td-compact(f:change(@change), 'start')"/>
                  <xsl:sequence select="f:td-compact(if (@hoursBefore) then f:decimal(@hoursBefore) else '–', 'end')"/>
                  <xsl:sequence select="f:td-compact(if (@hoursAfter) then f:decimal(@hoursAfter) else '–', 'end')"/>
                </fo:table-row>
              </xsl:for-each>
            </fo:table-body>
          </fo:table>
        </xsl:when>
        <xsl:otherwise>
          <fo:block color="{$f:color-muted}"><xsl:value-of select="f:label('cra.changes.none')"/></fo:block>
        </xsl:otherwise>
      </xsl:choose>
    </fo:block>
  </xsl:template>

  <xsl:function name="f:change" as="xs:string">
    <xsl:param name="change" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="$change eq 'ADDED'"><xsl:sequence select="f:label('cra.changes.ADDED')"/></xsl:when>
      <xsl:when test="$change eq 'REMOVED'"><xsl:sequence select="f:label('cra.changes.REMOVED')"/></xsl:when>
      <xsl:otherwise><xsl:sequence select="f:label('cra.changes.CHANGED')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- the time lines exactly as the invoice will bill them (ADR 0015): quantity, unit, price, amount -->
  <xsl:template match="cra:billing" mode="f:cra-billing">
    <xsl:variable name="cra" select=".."/>
    <fo:block xsl:use-attribute-sets="f:heading" space-before="3mm" space-after="1.5mm" keep-with-next.within-page="always">
      <xsl:value-of select="f:label('cra.billing.title')"/>
    </fo:block>
    <fo:table xsl:use-attribute-sets="f:table" keep-together.within-page="always">
      <xsl:sequence select="f:columns((46, 16, 10, 14, 14))"/>
      <fo:table-header>
        <fo:table-row>
          <xsl:sequence select="f:th(f:label('cra.consultant'), 'start')"/>
          <xsl:sequence select="f:th(f:label('line.quantity'), 'end')"/>
          <xsl:sequence select="f:th(f:label('line.unit'), 'start')"/>
          <xsl:sequence select="f:th(f:label('line.unit-price'), 'end')"/>
          <xsl:sequence select="f:th(f:label('line.net-amount'), 'end')"/>
        </fo:table-row>
      </fo:table-header>
      <fo:table-body>
        <xsl:for-each select="cra:line">
          <xsl:variable name="code" select="@consultant"/>
          <fo:table-row>
            <fo:table-cell xsl:use-attribute-sets="f:td">
              <fo:block><xsl:value-of select="if (normalize-space($code)) then ($cra/cra:consultants/cra:consultant[@code = $code]/cra:name, $code)[1]
                                               else f:label('cra.billing.team')"/></fo:block>
              <xsl:if test="@from ne $cra/cra:periodStart or @to ne $cra/cra:periodEnd">
                <fo:block xsl:use-attribute-sets="f:small" color="{$f:color-muted}">
                  <xsl:value-of select="f:label('line.period', (f:date(@from), f:date(@to)))"/>
                </fo:block>
              </xsl:if>
            </fo:table-cell>
            <xsl:sequence select="f:td(f:quantity(cra:quantity), 'end')"/>
            <xsl:sequence select="f:td(f:label(concat('unit.', cra:quantity/@unitCode)), 'start')"/>
            <fo:table-cell xsl:use-attribute-sets="f:td">
              <fo:block text-align="end"><xsl:value-of select="f:amount(cra:unitPrice, cra:unitPrice/@currency)"/></fo:block>
              <xsl:if test="xs:decimal(cra:baseQuantity) ne 1">
                <fo:block text-align="end" xsl:use-attribute-sets="f:small" color="{$f:color-muted}">
                  <xsl:value-of select="f:label('line.price-per', (f:quantity-whole(cra:baseQuantity),
                                                                   f:label(concat('unit.short.', cra:quantity/@unitCode))))"/>
                </fo:block>
              </xsl:if>
            </fo:table-cell>
            <xsl:sequence select="f:td(f:amount(cra:amount, cra:amount/@currency), 'end')"/>
          </fo:table-row>
        </xsl:for-each>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <!-- totals: hours, days, indicative amount -->
  <xsl:template match="cra:totals" mode="f:cra-totals">
    <fo:table xsl:use-attribute-sets="f:table">
      <xsl:sequence select="f:columns((62, 38))"/>
      <fo:table-body>
        <fo:table-row>
          <xsl:sequence select="f:td-compact(f:label('cra.total.hours'), 'start')"/>
          <xsl:sequence select="f:td-compact(f:decimal(cra:hours), 'end')"/>
        </fo:table-row>
        <fo:table-row>
          <xsl:sequence select="f:td-compact(f:label('cra.total.days'), 'start')"/>
          <xsl:sequence select="f:td-compact(f:quantity(cra:days), 'end')"/>
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

  <!--
    Signature / approval, kept with the sessions' total row (never alone on a page). The client's box is filled once
    the CRA is decided (the decided rendering carries cra:approval); the details (comment, disputed days, fingerprint)
    follow in full width.
  -->
  <xsl:template match="cra:cra" mode="f:cra-approval">
    <fo:block keep-with-previous.within-page="always">
      <fo:block keep-together.within-page="always">
      <fo:block xsl:use-attribute-sets="f:heading" space-before="3mm" space-after="1.5mm"><xsl:value-of select="f:label('cra.approval.title')"/></fo:block>
      <fo:table xsl:use-attribute-sets="f:table">
        <xsl:sequence select="f:columns((40, 3, 57))"/>
        <fo:table-body>
          <fo:table-row height="11mm">
            <fo:table-cell xsl:use-attribute-sets="f:box" padding="2mm">
              <fo:block xsl:use-attribute-sets="f:caption"><xsl:value-of select="f:label('cra.approval.seller')"/></fo:block>
              <fo:block font-weight="bold"><xsl:value-of select="cra:seller/cra:name"/></fo:block>
              <fo:block><xsl:value-of select="f:label('cra.approval.issued', f:date-time(cra:generatedAt))"/></fo:block>
            </fo:table-cell>
            <fo:table-cell><fo:block/></fo:table-cell>
            <fo:table-cell xsl:use-attribute-sets="f:box" padding="2mm">
              <fo:block xsl:use-attribute-sets="f:caption"><xsl:value-of select="f:label('cra.approval.client')"/></fo:block>
              <xsl:apply-templates select="." mode="f:cra-approval-state"/>
            </fo:table-cell>
          </fo:table-row>
        </fo:table-body>
      </fo:table>
      </fo:block>
      <xsl:apply-templates select="cra:approval" mode="f:cra-approval-details"/>
    </fo:block>
  </xsl:template>

  <!-- "Claire Martin (claire.martin@globex.example)" -->
  <xsl:function name="f:person" as="xs:string">
    <xsl:param name="approver" as="element()?"/>
    <xsl:sequence select="if (empty($approver)) then '–'
                          else if ($approver/cra:email and string($approver/cra:email) ne string($approver/cra:name))
                          then f:label('cra.approval.person', ($approver/cra:name, $approver/cra:email))
                          else string($approver/cra:name)"/>
  </xsl:function>

  <!-- decided: the decision as recorded (cra:approval) -->
  <xsl:template match="cra:cra[cra:approval/cra:outcome eq 'APPROVED']" mode="f:cra-approval-state" priority="2">
    <xsl:variable name="a" select="cra:approval"/>
    <xsl:choose>
      <xsl:when test="$a/cra:kind eq 'TACIT'">
        <fo:block font-weight="bold" color="#1E6B3A">
          <xsl:value-of select="f:label('cra.approval.tacit', f:date-time($a/cra:decidedAt))"/>
        </fo:block>
        <fo:block><xsl:value-of select="f:label('cra.approval.kind.TACIT')"/></fo:block>
        <xsl:sequence select="f:line(f:label('cra.approval.approver'), $a/cra:approver/f:person(.))"/>
      </xsl:when>
      <xsl:when test="$a/cra:kind eq 'RECORDED'">
        <fo:block font-weight="bold" color="#1E6B3A">
          <xsl:value-of select="f:label('cra.approval.approved', (f:person($a/cra:approver), f:date-time($a/cra:decidedAt)))"/>
        </fo:block>
        <fo:block>
          <xsl:value-of select="f:label('cra.approval.recorded', (string($a/cra:recordedBy), f:person($a/cra:approver)))"/>
        </fo:block>
        <xsl:sequence select="f:line(f:label('cra.approval.reason'), $a/cra:reason)"/>
      </xsl:when>
      <xsl:otherwise>
        <fo:block font-weight="bold" color="#1E6B3A">
          <xsl:value-of select="f:label('cra.approval.approved', (f:person($a/cra:approver), f:date-time($a/cra:decidedAt)))"/>
        </fo:block>
        <fo:block><xsl:value-of select="f:label('cra.approval.kind.LINK')"/></fo:block>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="cra:cra[cra:approval/cra:outcome eq 'REJECTED']" mode="f:cra-approval-state" priority="2">
    <xsl:variable name="a" select="cra:approval"/>
    <fo:block font-weight="bold" color="#A32020">
      <xsl:value-of select="f:label('cra.approval.rejected', (f:person($a/cra:approver), f:date-time($a/cra:decidedAt)))"/>
    </fo:block>
    <xsl:if test="$a/cra:kind eq 'RECORDED'">
      <fo:block>
        <xsl:value-of select="f:label('cra.approval.recorded', (string($a/cra:recordedBy), f:person($a/cra:approver)))"/>
      </fo:block>
    </xsl:if>
  </xsl:template>

  <!-- a decided CRA written before the approval element existed -->
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
    <xsl:sequence select="f:line(f:label('cra.approval.approver'),
                                 string-join(cra:client/cra:approver/f:person(.), ', '))"/>
    <fo:block>
      <xsl:value-of select="if (cra:validationDeadline) then f:label('cra.approval.pending-until', f:date(cra:validationDeadline))
                            else f:label('cra.approval.pending')"/>
    </fo:block>
  </xsl:template>

  <!-- DRAFT: left empty on purpose -->
  <xsl:template match="cra:cra" mode="f:cra-approval-state">
    <fo:block/>
  </xsl:template>

  <!-- the approver's comment, the disputed days with their comments, the fingerprint of the version decided -->
  <xsl:template match="cra:approval" mode="f:cra-approval-details">
    <!-- kept whole and with the boxes unless it is too long for a page (a long comment, many disputed days) -->
    <fo:block xsl:use-attribute-sets="f:mention" font-weight="normal" space-before="2mm">
      <xsl:if test="count(cra:day) le 12 and string-length(cra:comment) + sum(cra:day/string-length(cra:comment)) le 1500">
        <xsl:attribute name="keep-together.within-page">always</xsl:attribute>
        <xsl:attribute name="keep-with-previous.within-page">always</xsl:attribute>
      </xsl:if>
      <xsl:sequence select="f:line(f:label('cra.approval.comment'), normalize-space(cra:comment))"/>
      <xsl:if test="cra:day[@outcome eq 'REJECTED']">
        <fo:block font-weight="bold" space-before="1mm"><xsl:value-of select="f:label('cra.approval.rejected-days')"/></fo:block>
        <xsl:for-each select="cra:day[@outcome eq 'REJECTED']">
          <fo:block start-indent="3mm">
            <xsl:value-of select="concat(f:weekday(@date), ' ', f:date(@date),
                                         if (normalize-space(cra:comment)) then concat(' – ', normalize-space(cra:comment)) else '')"/>
          </fo:block>
        </xsl:for-each>
      </xsl:if>
      <fo:block space-before="1mm" xsl:use-attribute-sets="f:small">
        <xsl:value-of select="f:label('cra.approval.fingerprint', (substring(cra:xmlSha256, 1, 16), substring(cra:pdfSha256, 1, 16)))"/>
      </fo:block>
      <fo:block xsl:use-attribute-sets="f:small" color="{$f:color-muted}">
        <xsl:value-of select="f:label('cra.approval.fingerprint.where')"/>
      </fo:block>
    </fo:block>
  </xsl:template>
</xsl:stylesheet>
