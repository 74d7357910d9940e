<?xml version="1.0" encoding="UTF-8"?>
<!--
  The CRA on the validation page, mode f:html-cra-page (state OPEN or DONE):
    header (seller, title, month and client, greeting), facts (contract, period, version, deadline), PDF link,
    the outcome (DONE) or the messages of a refused form (OPEN), "changes since version N" (cra:changes, optional),
    the calendar (p:calendar: weekends, public holidays, hours per consultant, half-days), totals per consultant,
    sessions with their comments, then the decision form (html/decision.xsl).
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:f="urn:crahub:xsl:functions"
                xmlns:p="urn:crahub:validation-page:1"
                xmlns:cra="urn:crahub:cra:1"
                xmlns="http://www.w3.org/1999/xhtml"
                exclude-result-prefixes="xs f p cra">

  <xsl:key name="f:html-consultant" match="cra:consultants/cra:consultant" use="@code"/>

  <xsl:function name="f:html-consultant" as="xs:string">
    <xsl:param name="context" as="node()"/>
    <xsl:param name="code" as="xs:string"/>
    <xsl:sequence select="string((key('f:html-consultant', $code, root($context))/cra:name, $code)[1])"/>
  </xsl:function>

  <!-- "JD" for Jean Dupont: the calendar's cells are narrow -->
  <xsl:function name="f:html-initials" as="xs:string">
    <xsl:param name="name" as="xs:string"/>
    <xsl:sequence select="upper-case(string-join(for $w in tokenize(normalize-space($name), '[\s\-]+')[position() le 3]
                                                 return substring($w, 1, 1)))"/>
  </xsl:function>

  <!-- hours: "8" rather than "8,00" in the calendar, "7,5" rather than "7,50" -->
  <xsl:function name="f:html-hours" as="xs:string">
    <xsl:param name="value" as="xs:anyAtomicType?"/>
    <xsl:variable name="fr" select="$f:lang eq 'fr'"/>
    <xsl:sequence select="if (empty($value) or string($value) eq '') then ''
                          else format-number(xs:decimal($value), if ($fr) then '#&#xA0;##0,##' else '#,##0.##',
                                             if ($fr) then 'f:fr' else 'f:en')"/>
  </xsl:function>

  <xsl:function name="f:html-weekday-short" as="xs:string">
    <xsl:param name="iso" as="xs:integer"/>
    <xsl:variable name="name" select="f:label(concat('weekday.', $iso))"/>
    <xsl:sequence select="concat(upper-case(substring($name, 1, 1)), substring($name, 2, 2))"/>
  </xsl:function>

  <xsl:function name="f:html-holiday" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:variable name="names" select="map {
        'NEW_YEAR': f:label('holiday.NEW_YEAR'), 'EASTER_MONDAY': f:label('holiday.EASTER_MONDAY'),
        'LABOUR_DAY': f:label('holiday.LABOUR_DAY'), 'VICTORY_1945': f:label('holiday.VICTORY_1945'),
        'ASCENSION': f:label('holiday.ASCENSION'), 'WHIT_MONDAY': f:label('holiday.WHIT_MONDAY'),
        'BASTILLE_DAY': f:label('holiday.BASTILLE_DAY'), 'ASSUMPTION': f:label('holiday.ASSUMPTION'),
        'ALL_SAINTS': f:label('holiday.ALL_SAINTS'), 'ARMISTICE_1918': f:label('holiday.ARMISTICE_1918'),
        'CHRISTMAS': f:label('holiday.CHRISTMAS') }"/>
    <xsl:sequence select="($names($key), $key)[1]"/>
  </xsl:function>

  <!-- "jeudi 03/07/2025" / "Thursday 3 Jul 2025" -->
  <xsl:function name="f:html-day" as="xs:string">
    <xsl:param name="date" as="xs:anyAtomicType"/>
    <xsl:sequence select="concat(f:weekday($date), ' ', f:date($date))"/>
  </xsl:function>

  <xsl:template match="p:page" mode="f:html-cra-page">
    <xsl:variable name="cra" select="cra:cra"/>
    <header>
      <p class="seller"><xsl:value-of select="$cra/cra:seller/cra:name"/></p>
      <h1><xsl:value-of select="f:label('page.title')"/></h1>
      <p class="sub">
        <strong><xsl:value-of select="f:month($cra/cra:month)"/></strong>
        <xsl:value-of select="concat(' – ', $cra/cra:client/cra:name)"/>
      </p>
    </header>
    <xsl:if test="@state eq 'OPEN'">
      <xsl:if test="p:approver">
        <p><xsl:value-of select="f:label('page.hello', string((p:approver/@name[normalize-space()], p:approver/@email)[1]))"/></p>
      </xsl:if>
      <p>
        <xsl:value-of select="f:label('page.intro', ($cra/cra:seller/cra:name, f:month($cra/cra:month), $cra/cra:client/cra:name))"/>
      </p>
    </xsl:if>
    <xsl:apply-templates select="." mode="f:html-messages"/>
    <xsl:apply-templates select="p:decision" mode="f:html-outcome"/>
    <xsl:apply-templates select="$cra" mode="f:html-facts"/>
    <p class="actions">
      <a class="button pdf" href="{p:links/@pdf}" download="">
        <xsl:value-of select="f:label('page.download-pdf')"/>
      </a>
    </p>
    <xsl:apply-templates select="$cra/*:changes[@sinceVersion]" mode="f:html-changes"/>
    <xsl:apply-templates select="p:calendar" mode="f:html-calendar"/>
    <xsl:apply-templates select="$cra/cra:consultants" mode="f:html-totals"/>
    <xsl:apply-templates select="$cra/cra:billing[cra:line]" mode="f:html-billing"/>
    <xsl:apply-templates select="$cra/cra:entries" mode="f:html-sessions"/>
    <xsl:if test="@state eq 'OPEN'">
      <xsl:apply-templates select="." mode="f:html-form"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="cra:cra" mode="f:html-facts">
    <dl class="facts">
      <div><dt><xsl:value-of select="f:label('cra.seller')"/></dt><dd><xsl:value-of select="cra:seller/cra:name"/></dd></div>
      <div><dt><xsl:value-of select="f:label('cra.client')"/></dt><dd><xsl:value-of select="cra:client/cra:name"/></dd></div>
      <div>
        <dt><xsl:value-of select="f:label('cra.contract')"/></dt>
        <dd><xsl:value-of select="concat(cra:contract/cra:label, ' (', cra:contract/@code, ')')"/></dd>
      </div>
      <div><dt><xsl:value-of select="f:label('cra.period')"/></dt><dd><xsl:value-of select="f:period(cra:periodStart, cra:periodEnd)"/></dd></div>
      <div>
        <dt><xsl:value-of select="f:label('page.reference')"/></dt>
        <dd><xsl:value-of select="f:label('cra.id-version', (@id, @version))"/></dd>
      </div>
      <!-- the deadline set when the CRA was sent (p:page/@deadline) wins over the one written at build time -->
      <xsl:variable name="deadline" select="(../@deadline, cra:validationDeadline)[1]"/>
      <xsl:if test="$deadline and ../@state eq 'OPEN'">
        <div class="deadline">
          <dt><xsl:value-of select="f:label('cra.validation-deadline')"/></dt>
          <dd><xsl:value-of select="f:html-day($deadline)"/></dd>
        </div>
      </xsl:if>
      <xsl:if test="cra:contract/cra:purchaseOrder">
        <div><dt><xsl:value-of select="f:label('cra.purchase-order')"/></dt><dd><xsl:value-of select="cra:contract/cra:purchaseOrder"/></dd></div>
      </xsl:if>
      <div>
        <dt><xsl:value-of select="f:label('cra.total')"/></dt>
        <dd><xsl:value-of select="concat(f:label('page.calendar.hours', f:html-hours(cra:totals/cra:hours)), ' – ',
                                         f:quantity(cra:totals/cra:days), ' ', lower-case(f:label('cra.days')))"/></dd>
      </div>
    </dl>
  </xsl:template>

  <!-- what changed since the version the client rejected (written by the CRA builder; absent on a first version) -->
  <xsl:template match="*:changes" mode="f:html-changes">
    <section class="banner warn changes">
      <strong><xsl:value-of select="f:label('page.changes.title', string(@sinceVersion))"/></strong>
      <ul>
        <xsl:for-each select="*:day">
          <xsl:sort select="@date"/>
          <li class="{@change}">
            <xsl:value-of select="concat(f:html-day(@date), ' – ', f:html-consultant(., string(@consultant)), ' – ',
                                         f:label('common.colon',
                                           if (@change eq 'ADDED') then f:label('page.changes.ADDED')
                                           else if (@change eq 'REMOVED') then f:label('page.changes.REMOVED')
                                           else f:label('page.changes.CHANGED')), ' ')"/>
            <xsl:value-of select="f:label('page.changes.hours', (f:html-hours((@hoursBefore, 0)[1]), f:html-hours((@hoursAfter, 0)[1])))"/>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <!-- month grid, Monday first; a cell per day with its marks -->
  <xsl:template match="p:calendar" mode="f:html-calendar">
    <xsl:variable name="cra" select="../cra:cra"/>
    <xsl:variable name="disputed" select="../p:decision/p:day/@date, ../p:input/p:dispute/@date"/>
    <xsl:variable name="several" select="count($cra/cra:consultants/cra:consultant) gt 1"/>
    <section>
      <h2><xsl:value-of select="f:label('page.calendar.title')"/></h2>
      <div class="scroll">
        <table class="calendar">
          <thead>
            <tr>
              <xsl:for-each select="1 to 7">
                <th scope="col" title="{f:label(concat('weekday.', .))}"><xsl:value-of select="f:html-weekday-short(.)"/></th>
              </xsl:for-each>
            </tr>
          </thead>
          <tbody>
            <xsl:variable name="lead" select="xs:integer(@firstWeekday) - 1"/>
            <xsl:variable name="days" select="p:day"/>
            <xsl:variable name="cells" select="$lead + count($days)"/>
            <xsl:for-each select="0 to (($cells + 6) idiv 7) - 1">
              <xsl:variable name="week" select="."/>
              <tr>
                <xsl:for-each select="1 to 7">
                  <xsl:variable name="index" select="$week * 7 + . - $lead"/>
                  <xsl:variable name="day" select="$days[$index]"/>
                  <xsl:choose>
                    <xsl:when test="$day">
                      <xsl:apply-templates select="$day" mode="f:html-calendar">
                        <xsl:with-param name="several" select="$several"/>
                        <xsl:with-param name="disputed" select="$disputed = $day/@date"/>
                      </xsl:apply-templates>
                    </xsl:when>
                    <xsl:otherwise><td class="blank"></td></xsl:otherwise>
                  </xsl:choose>
                </xsl:for-each>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </div>
      <ul class="legend">
        <li class="worked"><span></span><xsl:value-of select="f:label('page.calendar.worked')"/></li>
        <li class="half"><span></span><xsl:value-of select="f:label('page.calendar.half')"/></li>
        <li class="weekend"><span></span><xsl:value-of select="f:label('page.calendar.weekend')"/></li>
        <li class="holiday"><span></span><xsl:value-of select="f:label('page.calendar.holiday')"/></li>
      </ul>
      <xsl:if test="p:day[@holiday]">
        <p class="holidays">
          <xsl:value-of select="string-join(p:day[@holiday]/concat(f:label('common.colon', f:date(@date)), ' ', f:html-holiday(@holiday)), ' · ')"/>
        </p>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="p:day" mode="f:html-calendar">
    <xsl:param name="several" as="xs:boolean"/>
    <xsl:param name="disputed" as="xs:boolean"/>
    <xsl:variable name="worked" select="xs:decimal(@hours) gt 0"/>
    <xsl:variable name="classes" select="('day',
        if (@weekend eq 'true') then 'weekend' else (),
        if (@holiday) then 'holiday' else (),
        if ($worked and @half eq 'true') then 'half' else if ($worked) then 'worked' else (),
        if ($disputed) then 'disputed' else ())"/>
    <xsl:variable name="title" select="string-join((f:html-day(@date),
        if (@holiday) then f:html-holiday(@holiday) else (),
        p:consultant/f:label('page.calendar.day-hours', (f:html-consultant(., string(@code)), f:html-hours(@hours))),
        if ($worked and @half eq 'true') then f:label('page.calendar.half') else ()), ' – ')"/>
    <td class="{string-join($classes, ' ')}" title="{$title}" data-date="{@date}">
      <span class="d"><xsl:value-of select="@day"/></span>
      <xsl:if test="$worked">
        <span class="h">
          <xsl:value-of select="f:label('page.calendar.hours', f:html-hours(@hours))"/>
          <xsl:if test="@half eq 'true'">
            <xsl:value-of select="concat(' ', f:label('page.calendar.half-short'))"/>
          </xsl:if>
        </span>
        <xsl:if test="$several">
          <xsl:for-each select="p:consultant">
            <span class="c">
              <xsl:value-of select="concat(f:html-initials(f:html-consultant(., string(@code))), ' ', f:html-hours(@hours))"/>
            </span>
          </xsl:for-each>
        </xsl:if>
      </xsl:if>
      <xsl:if test="@holiday">
        <span class="note"><xsl:value-of select="f:html-holiday(@holiday)"/></span>
      </xsl:if>
    </td>
  </xsl:template>

  <xsl:template match="cra:consultants" mode="f:html-totals">
    <section>
      <h2><xsl:value-of select="f:label('cra.summary.title')"/></h2>
      <table class="totals">
        <thead>
          <tr>
            <th scope="col"><xsl:value-of select="f:label('cra.consultant')"/></th>
            <th scope="col" class="num"><xsl:value-of select="f:label('cra.hours')"/></th>
            <th scope="col" class="num"><xsl:value-of select="f:label('cra.days')"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="cra:consultant">
            <tr class="consultant" data-code="{@code}">
              <td><xsl:value-of select="cra:name"/></td>
              <td class="num"><xsl:value-of select="f:decimal(cra:totalHours)"/></td>
              <td class="num"><xsl:value-of select="f:quantity(cra:totalDays)"/></td>
            </tr>
          </xsl:for-each>
          <tr class="total">
            <td><xsl:value-of select="f:label('cra.total')"/></td>
            <td class="num"><xsl:value-of select="f:decimal(../cra:totals/cra:hours)"/></td>
            <td class="num"><xsl:value-of select="f:quantity(../cra:totals/cra:days)"/></td>
          </tr>
        </tbody>
      </table>
    </section>
  </xsl:template>

  <!-- the time lines exactly as the invoice will bill them (ADR 0015) -->
  <xsl:template match="cra:billing" mode="f:html-billing">
    <xsl:variable name="cra" select=".."/>
    <section>
      <h2><xsl:value-of select="f:label('cra.billing.title')"/></h2>
      <div class="scroll">
      <table class="totals billing">
        <thead>
          <tr>
            <th scope="col"><xsl:value-of select="f:label('cra.consultant')"/></th>
            <th scope="col" class="num"><xsl:value-of select="f:label('line.quantity')"/></th>
            <th scope="col" class="num"><xsl:value-of select="f:label('line.unit-price')"/></th>
            <th scope="col" class="num"><xsl:value-of select="f:label('line.net-amount')"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="cra:line">
            <xsl:variable name="code" select="@consultant"/>
            <tr>
              <td>
                <xsl:value-of select="if (normalize-space($code)) then ($cra/cra:consultants/cra:consultant[@code = $code]/cra:name, $code)[1]
                                      else f:label('cra.billing.team')"/>
                <xsl:if test="@from ne $cra/cra:periodStart or @to ne $cra/cra:periodEnd">
                  <br/><small><xsl:value-of select="f:label('line.period', (f:date(@from), f:date(@to)))"/></small>
                </xsl:if>
              </td>
              <td class="num" data-label="{f:label('common.colon', f:label('line.quantity'))}"><xsl:value-of select="concat(f:quantity(cra:quantity), '&#xA0;',
                                                            f:label(concat('unit.short.', cra:quantity/@unitCode)))"/></td>
              <td class="num" data-label="{f:label('common.colon', f:label('line.unit-price'))}">
                <xsl:value-of select="f:amount(cra:unitPrice, cra:unitPrice/@currency)"/>
                <xsl:if test="xs:decimal(cra:baseQuantity) ne 1">
                  <br/><small><xsl:value-of select="f:label('line.price-per', (f:quantity-whole(cra:baseQuantity),
                                                                               f:label(concat('unit.short.', cra:quantity/@unitCode))))"/></small>
                </xsl:if>
              </td>
              <td class="num" data-label="{f:label('common.colon', f:label('line.net-amount'))}"><xsl:value-of select="f:amount(cra:amount, cra:amount/@currency)"/></td>
            </tr>
          </xsl:for-each>
          <tr class="total billing-total">
            <td colspan="3"><xsl:value-of select="f:label('cra.total.amount')"/></td>
            <td class="num"><xsl:value-of select="f:amount($cra/cra:totals/cra:amount, $cra/cra:totals/cra:amount/@currency)"/></td>
          </tr>
        </tbody>
      </table>
      </div>
    </section>
  </xsl:template>

  <xsl:template match="cra:entries" mode="f:html-sessions">
    <section>
      <h2><xsl:value-of select="f:label('cra.entries.title')"/></h2>
      <xsl:choose>
        <xsl:when test="cra:entry">
          <table class="sessions">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="f:label('cra.date')"/></th>
                <th scope="col"><xsl:value-of select="f:label('cra.consultant')"/></th>
                <th scope="col"><xsl:value-of select="f:label('cra.project')"/></th>
                <th scope="col" class="num"><xsl:value-of select="f:label('cra.hours')"/></th>
                <th scope="col"><xsl:value-of select="f:label('cra.comment')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="cra:entry">
                <xsl:sort select="xs:date(@date)"/>
                <tr class="session" data-date="{@date}">
                  <td><xsl:value-of select="f:html-day(@date)"/></td>
                  <td data-label="{f:label('common.colon', f:label('cra.consultant'))}"><xsl:value-of select="f:html-consultant(., string(@consultant))"/></td>
                  <td data-label="{f:label('common.colon', f:label('cra.project'))}"><xsl:value-of select="@project"/></td>
                  <td class="num" data-label="{f:label('common.colon', f:label('cra.hours'))}"><xsl:value-of select="f:decimal(@hours)"/></td>
                  <td class="comment"><xsl:value-of select="cra:comment"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:when>
        <xsl:otherwise>
          <p class="muted"><xsl:value-of select="f:label('cra.none')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>
</xsl:stylesheet>
