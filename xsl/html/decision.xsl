<?xml version="1.0" encoding="UTF-8"?>
<!--
  The decision on the validation page:
    mode f:html-messages   a refused form's message (p:messages/p:message/@code -> page.message.<code>)
    mode f:html-form       the form (OPEN): global comment, per-day disputes (only the days worked), Approve / Reject;
                           field names are read by dev.crahub.cra.ValidationForm: decision, comment,
                           day.<yyyy-MM-dd>.dispute, day.<yyyy-MM-dd>.comment, and the CSRF field of p:form
    mode f:html-outcome    the decision taken (p:decision): who, when, comment, disputed days
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:f="urn:crahub:xsl:functions"
                xmlns:p="urn:crahub:validation-page:1"
                xmlns:cra="urn:crahub:cra:1"
                xmlns="http://www.w3.org/1999/xhtml"
                exclude-result-prefixes="xs f p cra">

  <xsl:template match="p:page" mode="f:html-messages">
    <xsl:for-each select="p:messages/p:message">
      <div class="banner bad message" role="alert" data-code="{@code}">
        <strong><xsl:apply-templates select="." mode="f:html-message"/></strong>
      </div>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="p:message[@code eq 'reject-needs-comment']" mode="f:html-message">
    <xsl:value-of select="f:label('page.message.reject-needs-comment')"/>
  </xsl:template>
  <xsl:template match="p:message[@code eq 'approve-with-disputes']" mode="f:html-message">
    <xsl:value-of select="f:label('page.message.approve-with-disputes')"/>
  </xsl:template>
  <xsl:template match="p:message[@code eq 'too-many-fields']" mode="f:html-message">
    <xsl:value-of select="f:label('page.problem.too-many-fields')"/>
  </xsl:template>
  <xsl:template match="p:message[@code eq 'duplicate-field']" mode="f:html-message">
    <xsl:value-of select="f:label('page.problem.duplicate-field')"/>
  </xsl:template>
  <xsl:template match="p:message[@code eq 'comment-too-long']" mode="f:html-message">
    <xsl:value-of select="f:label('page.problem.comment-too-long', string(@argument))"/>
  </xsl:template>
  <xsl:template match="p:message[@code eq 'bad-character']" mode="f:html-message">
    <xsl:value-of select="f:label('page.problem.bad-character')"/>
  </xsl:template>
  <xsl:template match="p:message[@code eq 'bad-date']" mode="f:html-message">
    <xsl:value-of select="f:label('page.problem.bad-date')"/>
  </xsl:template>
  <xsl:template match="p:message[@code eq 'date-outside-month']" mode="f:html-message">
    <xsl:value-of select="f:label('page.problem.date-outside-month')"/>
  </xsl:template>
  <xsl:template match="p:message[@code eq 'bad-decision']" mode="f:html-message">
    <xsl:value-of select="f:label('page.problem.bad-decision')"/>
  </xsl:template>
  <xsl:template match="p:message" mode="f:html-message">
    <xsl:value-of select="f:label('page.problem.too-large')"/>
  </xsl:template>

  <xsl:template match="p:page" mode="f:html-form">
    <xsl:variable name="form" select="p:form"/>
    <xsl:variable name="input" select="p:input"/>
    <xsl:variable name="cra" select="cra:cra"/>
    <section id="decision">
      <h2><xsl:value-of select="f:label('page.form.title')"/></h2>
      <p><xsl:value-of select="f:label('page.form.help')"/></p>
      <form method="post" action="{$form/@action}" accept-charset="UTF-8">
        <input type="hidden" name="{$form/@csrfParameter}" value="{$form/@csrfToken}"/>
        <label for="comment"><xsl:value-of select="f:label('page.form.comment')"/></label>
        <textarea id="comment" name="comment" rows="4" maxlength="{$form/@maxComment}" aria-describedby="comment-help">
          <xsl:value-of select="$input/p:comment"/>
        </textarea>
        <p id="comment-help" class="muted"><xsl:value-of select="f:label('page.form.comment.help', string($form/@maxComment))"/></p>
        <details>
          <xsl:if test="$input/p:dispute">
            <xsl:attribute name="open" select="'open'"/>
          </xsl:if>
          <summary><xsl:value-of select="f:label('page.form.days.title')"/></summary>
          <p class="muted"><xsl:value-of select="f:label('page.form.days.help')"/></p>
          <xsl:for-each select="p:calendar/p:day[xs:decimal(@hours) gt 0]">
            <xsl:variable name="date" select="string(@date)"/>
            <xsl:variable name="typed" select="$input/p:dispute[@date eq $date]"/>
            <div class="day" data-date="{$date}">
              <span class="when">
                <xsl:value-of select="concat(f:html-day(@date), ' – ', f:label('page.calendar.hours', f:html-hours(@hours)))"/>
              </span>
              <label class="check">
                <input type="checkbox" name="day.{$date}.dispute" value="1">
                  <xsl:if test="$typed"><xsl:attribute name="checked" select="'checked'"/></xsl:if>
                </input>
                <xsl:value-of select="f:label('page.form.day.dispute')"/>
              </label>
              <label class="reason" for="reason-{$date}"><xsl:value-of select="f:label('page.form.day.comment', f:date(@date))"/></label>
              <input type="text" id="reason-{$date}" name="day.{$date}.comment" maxlength="{$form/@maxDayComment}" value="{$typed}"/>
            </div>
          </xsl:for-each>
        </details>
        <div class="buttons">
          <button type="submit" name="decision" value="APPROVE" class="approve"><xsl:value-of select="f:label('page.form.approve')"/></button>
          <button type="submit" name="decision" value="REJECT" class="reject"><xsl:value-of select="f:label('page.form.reject')"/></button>
        </div>
        <p class="muted"><xsl:value-of select="f:label('page.form.approve.note', string($cra/cra:client/cra:name))"/></p>
      </form>
    </section>
  </xsl:template>

  <!-- the decision taken: approved / rejected by whom and when, comment, disputed days -->
  <xsl:template match="p:decision" mode="f:html-outcome">
    <xsl:variable name="who" select="string((@approverName[normalize-space()], @approverEmail, '–')[1])"/>
    <section class="banner outcome {if (@outcome eq 'APPROVED') then 'ok' else 'bad'}" data-outcome="{@outcome}">
      <xsl:if test="../@state eq 'DONE'">
        <p class="thanks"><xsl:value-of select="f:label('page.outcome.thanks')"/></p>
      </xsl:if>
      <strong>
        <xsl:choose>
          <xsl:when test="@kind eq 'TACIT'"><xsl:value-of select="f:label('page.outcome.TACIT', f:date-time(@decidedAt))"/></xsl:when>
          <xsl:when test="@outcome eq 'APPROVED'"><xsl:value-of select="f:label('page.outcome.APPROVED', ($who, f:date-time(@decidedAt)))"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="f:label('page.outcome.REJECTED', ($who, f:date-time(@decidedAt)))"/></xsl:otherwise>
        </xsl:choose>
      </strong>
      <xsl:if test="normalize-space(p:comment)">
        <p><xsl:value-of select="f:label('common.colon', f:label('page.outcome.comment'))"/></p>
        <p class="quote"><xsl:value-of select="p:comment"/></p>
      </xsl:if>
      <xsl:if test="p:day">
        <p><xsl:value-of select="f:label('common.colon', f:label('page.outcome.days'))"/></p>
        <ul class="disputed">
          <xsl:for-each select="p:day">
            <li data-date="{@date}">
              <strong><xsl:value-of select="f:html-day(@date)"/></strong>
              <xsl:if test="normalize-space(.)">
                <span class="quote"><xsl:value-of select="."/></span>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>
      <xsl:if test="../@state eq 'DONE' and @outcome eq 'REJECTED'">
        <p><xsl:value-of select="f:label('page.outcome.next-rejected')"/></p>
      </xsl:if>
    </section>
  </xsl:template>
</xsl:stylesheet>
