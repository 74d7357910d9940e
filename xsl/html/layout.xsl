<?xml version="1.0" encoding="UTF-8"?>
<!--
  Skeleton of the validation page: <head> (title, viewport, the inline style allowed by the page's CSP nonce), the
  body's header and footer, and the dispatch on the page's @state:
    OPEN, DONE           the CRA (html/cra.xsl) with the form or the outcome (html/decision.xsl)
    anything else        html/states.xsl
  The CSS is mobile first (one column), wider screens get the calendar and tables at full size. Restyle here.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:f="urn:crahub:xsl:functions"
                xmlns:p="urn:crahub:validation-page:1"
                xmlns:cra="urn:crahub:cra:1"
                xmlns="http://www.w3.org/1999/xhtml"
                exclude-result-prefixes="xs f p cra">

  <xsl:template match="p:page" mode="f:html-page">
    <html lang="{$f:lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex, nofollow"/>
        <meta name="referrer" content="no-referrer"/>
        <title>
          <xsl:value-of select="string-join((f:label('page.title'),
                                             cra:cra/concat(f:month(cra:month), ' – ', cra:client/cra:name)), ' – ')"/>
        </title>
        <style nonce="{@nonce}">
          <xsl:call-template name="f:html-style"/>
        </style>
      </head>
      <body>
        <main class="page state-{lower-case(@state)}">
          <xsl:choose>
            <xsl:when test="@state = ('OPEN', 'DONE') and cra:cra">
              <xsl:apply-templates select="." mode="f:html-cra-page"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:apply-templates select="." mode="f:html-state"/>
            </xsl:otherwise>
          </xsl:choose>
          <footer class="foot">
            <xsl:if test="p:contact">
              <p><xsl:value-of select="f:label('page.contact', f:html-person(p:contact/@name, p:contact/@email))"/></p>
            </xsl:if>
            <xsl:if test="@state = ('OPEN', 'DONE')">
              <p class="muted"><xsl:value-of select="f:label('page.footer')"/></p>
            </xsl:if>
          </footer>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- "Claire Martin <claire@globex.example>", or the e-mail alone -->
  <xsl:function name="f:html-person" as="xs:string">
    <xsl:param name="name" as="xs:string?"/>
    <xsl:param name="email" as="xs:string?"/>
    <xsl:sequence select="if (normalize-space($name) and normalize-space($email)) then concat($name, ' (', $email, ')')
                          else string(($name[normalize-space()], $email, '–')[1])"/>
  </xsl:function>

  <xsl:template name="f:html-style">
:root { --text: #1E2430; --accent: #1F3A5F; --muted: #5B6472; --border: #C8CDD5; --shade: #EEF1F5;
        --ok: #1E6B3A; --ok-bg: #E6F4EA; --bad: #A32020; --bad-bg: #FBEAEA; --warn-bg: #FFF6DD; --half: #DCE8F5; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #F6F7F9; color: var(--text); font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
.page { max-width: 980px; margin: 0 auto; padding: 16px 14px 32px; background: #fff; min-height: 100vh; }
h1 { font-size: 1.45rem; line-height: 1.25; margin: .2rem 0 .3rem; color: var(--accent); }
h2 { font-size: 1.12rem; margin: 1.8rem 0 .6rem; color: var(--accent); border-bottom: 2px solid var(--accent); padding-bottom: .2rem; }
p { margin: .4rem 0; }
a { color: var(--accent); }
.seller { color: var(--muted); font-size: .9rem; margin: 0; text-transform: uppercase; letter-spacing: .04em; }
.sub { font-size: 1.05rem; margin: 0 0 .6rem; }
.muted { color: var(--muted); font-size: .9rem; }
.facts { display: grid; grid-template-columns: 1fr; gap: .5rem 1.2rem; margin: 1rem 0; padding: .8rem 1rem; background: var(--shade); border-radius: 6px; }
.facts div { min-width: 0; }
.facts dt { font-size: .8rem; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.actions { margin: 1rem 0; }
.button { display: inline-block; padding: .7rem 1.1rem; border-radius: 6px; border: 1px solid var(--accent); color: var(--accent); background: #fff; font-weight: 600; text-decoration: none; font-size: 1rem; }
.banner { padding: .8rem 1rem; border-radius: 6px; margin: 1rem 0; border-left: 5px solid var(--accent); background: var(--shade); }
.banner.ok { border-color: var(--ok); background: var(--ok-bg); }
.banner.bad { border-color: var(--bad); background: var(--bad-bg); }
.banner.warn { border-color: #B7791F; background: var(--warn-bg); }
.banner strong { display: block; font-size: 1.05rem; }
.quote { white-space: pre-wrap; overflow-wrap: anywhere; margin: .3rem 0; padding-left: .6rem; border-left: 3px solid var(--border); }
table { border-collapse: collapse; width: 100%; }
th, td { padding: .4rem .5rem; border-bottom: 1px solid var(--border); text-align: left; vertical-align: top; }
th { font-size: .85rem; color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: 700; border-top: 2px solid var(--text); }
.scroll { overflow-x: auto; }
.billing th.num { white-space: normal; }
.calendar { table-layout: fixed; }
.calendar th { text-align: center; padding: .3rem 0; }
.calendar td { height: 3.6rem; padding: .2rem; border: 1px solid var(--border); font-size: .8rem; overflow: hidden; }
.calendar td.blank { border: none; background: transparent; }
.calendar .d { display: block; font-weight: 700; font-size: .9rem; }
.calendar .h { display: block; font-weight: 600; }
.calendar .c { display: block; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.calendar .note { display: none; color: var(--muted); font-size: .7rem; line-height: 1.1; }
.calendar td.weekend { background: var(--shade); color: var(--muted); }
.calendar td.holiday { background: #F3E8FF; }
.calendar td.worked { background: var(--ok-bg); }
.calendar td.half { background: linear-gradient(135deg, var(--ok-bg) 50%, #fff 50%); }
.calendar td.disputed { outline: 3px solid var(--bad); outline-offset: -3px; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem 1rem; padding: 0; margin: .6rem 0; list-style: none; font-size: .85rem; }
.legend span { display: inline-block; width: 1rem; height: 1rem; border: 1px solid var(--border); vertical-align: -.2rem; margin-right: .3rem; }
.legend .worked span { background: var(--ok-bg); }
.legend .half span { background: linear-gradient(135deg, var(--ok-bg) 50%, #fff 50%); }
.legend .weekend span { background: var(--shade); }
.legend .holiday span { background: #F3E8FF; }
.holidays { font-size: .9rem; color: var(--muted); }
.sessions td.comment { overflow-wrap: anywhere; white-space: pre-wrap; }
.changes li { margin: .2rem 0; }
.changes .ADDED { color: var(--ok); } .changes .REMOVED { color: var(--bad); }
form { margin: 0; }
label { font-weight: 600; display: block; margin: .6rem 0 .2rem; }
textarea, input[type=text] { width: 100%; font: inherit; padding: .5rem; border: 1px solid var(--border); border-radius: 6px; }
textarea { min-height: 6rem; }
details { margin: 1rem 0; border: 1px solid var(--border); border-radius: 6px; padding: .4rem .8rem; }
summary { cursor: pointer; font-weight: 600; padding: .3rem 0; }
.day { border-top: 1px solid var(--border); padding: .5rem 0; }
.day .when { display: block; font-weight: 600; }
.day label.check { display: inline-flex; align-items: center; gap: .4rem; font-weight: 400; margin: .3rem 0; }
.day input[type=checkbox] { width: 1.3rem; height: 1.3rem; }
.day label.reason { font-weight: 400; font-size: .85rem; color: var(--muted); margin: .1rem 0; }
.buttons { display: flex; flex-direction: column; gap: .7rem; margin: 1.2rem 0 .4rem; }
.buttons button { font: inherit; font-weight: 700; font-size: 1.05rem; padding: .9rem 1rem; border-radius: 6px; border: none; color: #fff; cursor: pointer; }
button.approve { background: var(--ok); }
button.reject { background: var(--bad); }
.foot { margin-top: 2.5rem; border-top: 1px solid var(--border); padding-top: .6rem; font-size: .9rem; }
@media (max-width: 599px) {
  .sessions thead { display: none; }
  .sessions tr { display: block; border-bottom: 1px solid var(--border); padding: .4rem 0; }
  .sessions td { display: block; border: none; padding: .1rem 0; }
  .sessions td.num { text-align: left; }
  .sessions td[data-label]::before { content: attr(data-label) " "; color: var(--muted); font-size: .85rem; }
  .billing thead { display: none; }
  .billing tr { display: block; border-bottom: 1px solid var(--border); padding: .4rem 0; }
  .billing td { display: block; border: none; padding: .1rem 0; }
  .billing td.num { text-align: left; white-space: normal; }
  .billing td[data-label]::before { content: attr(data-label) " "; color: var(--muted); font-size: .85rem; }
  .billing tr.total td { display: inline-block; border: none; padding-right: .6rem; }
  .calendar td { height: 3.1rem; font-size: .72rem; padding: .15rem; }
  .calendar .c { display: none; }
}
@media (min-width: 600px) {
  .page { padding: 28px 32px 40px; margin-top: 16px; min-height: 0; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
  h1 { font-size: 1.8rem; }
  .facts { grid-template-columns: repeat(3, 1fr); }
  .calendar td { height: 5rem; padding: .3rem .4rem; }
  .calendar .note { display: block; }
  .buttons { flex-direction: row; }
  .buttons button { flex: 1; }
}
  </xsl:template>
</xsl:stylesheet>
