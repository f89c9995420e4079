"""The sample summary report (fictional), as simple HTML for Qt's rich-text engine."""

REPORT_HTML = """
<h1>Channel Shift Without Leaving People Behind</h1>
<p><i>Findings from the Harrowfield Digital Services Roundtable. Centre for Local Governance,
Northgate University. Working paper 7 (fictional sample for lgcoder).</i></p>

<h2>Summary</h2>
<p>Councils across the Three Valleys area have moved a large share of their simple
transactions online over the last five years. Missed bin reports, bulky waste bookings and
council tax payments now arrive mostly through web forms. Yet the people taking part in our
roundtable were clear that the hard part of digital change is not the technology. It is the
agreement needed inside services, the cost of joining up old systems, the way savings are
counted, and the residents whose lives the services were never designed around.</p>
<p>This report draws on two sessions with six participants from two district councils, a
shared IT service and a community advice charity. We group what we heard under four themes:
barriers, leadership, synergy between partners, and channel shift itself. Each section ends
with questions that councils may want to ask of their own programmes.</p>

<h2>1. Barriers</h2>
<p>Participants agreed that building a web form is quick, while agreeing what the form should
ask is slow. In one example, a housing repairs form went through four versions because the
service could not settle what counted as urgent. During that time residents kept telephoning,
which was the very demand the project was meant to reduce.</p>
<p>Older line-of-business systems were the second barrier. Each was bought separately, over
many years, with its own supplier and its own idea of a customer. Joining them up is
technically straightforward but commercially expensive: one participant described a quote of
forty thousand pounds to expose a single field from a revenues system. Such charges rarely
appear in strategy documents, yet they decide whether a business case survives.</p>
<p>The third barrier lies in how benefits are counted. The cost of moving a service online
falls on IT and the service area now; the saving appears in the contact centre a year or two
later. Each department sees only its own cost. Without someone holding the whole picture,
the case never adds up.</p>
<p>Finally, residents' circumstances are themselves a barrier when services assume a quiet
hour and a broadband connection. A form that times out while someone fetches documents, on a
shared phone with a small data allowance, excludes people who are perfectly capable of using
it. Mobile completion rates at one council were roughly half of desktop rates.</p>
<p><b>Questions to ask:</b> Where do our projects stall, and is the cause technical,
commercial or organisational? Who sees the full cost and the full benefit of a change?</p>

<h2>2. Leadership</h2>
<p>The clearest example of effective leadership came from a chief executive who told all
heads of service that digital was not an IT project and that directors would be judged on it.
What made the difference was not the announcement but what followed: attending show and
tells, asking in performance meetings why online take-up was flat, and backing the team when
a release failed on a Saturday morning by asking what had been learned rather than who was to
blame.</p>
<p>Participants also described mixed messages. Staff were asked to move contact online while
being measured on how quickly the telephone was answered. Shifting the easy calls online makes
the remaining calls longer and harder, so the telephone figures worsen precisely when the
strategy is working. Elected members acknowledged that the measures they request at scrutiny
reinforce this, and one undertook to ask instead whether residents' problems were resolved
first time, whatever the channel.</p>
<p>Leadership was not only found at the top. A team leader who taught herself a workflow tool
to stop rekeying data was cited as an example of change led from the middle. Participants
argued for giving such people cover and guard rails, so that local initiative does not become
a collection of small applications nobody can maintain.</p>
<p><b>Questions to ask:</b> Do our performance measures reward resolution or speed? Who are the
informal leaders of change, and what cover do they have?</p>

<h2>3. Synergy between partners</h2>
<p>The two councils in the roundtable already share an IT service, a revenues and benefits
team, and a small digital team. Sharing technology and contracts has produced real savings:
when three councils renegotiated a system contract together, an interface charge fell by more
than half. Suppliers, one participant observed, listen when you are a bigger customer.</p>
<p>Sharing services has been harder. A form that looks identical for both councils may sit on
very different processes; garden waste, for example, is a paid fortnightly subscription in one
council and a free monthly service in the other. The effort of explaining processes to a
partner was nonetheless valuable, exposing steps nobody could justify.</p>
<p>Political concerns also matter. Some members saw shared services as a merger by the back
door. The councils responded by writing down, in plain English, that policy, fees and
priorities stay with each council while the shared team delivers, and by reporting on the
arrangement to both scrutiny committees.</p>
<p>The community advice charity asked that synergy include the voluntary sector. Its advisers
complete separate referral forms for the council, the housing association and the health
trust, each asking much the same questions. A single referral, shared with the resident's
consent, would save time and spare people telling their story three times.</p>

<table border="1" cellspacing="0" cellpadding="4">
<tr><th>Shared arrangement</th><th>Benefit reported</th><th>Difficulty reported</th></tr>
<tr><td>IT hosting and security</td><td>One contract, one team, lower risk</td><td>Few</td></tr>
<tr><td>Joint procurement</td><td>Better prices and terms</td><td>Aligning timetables</td></tr>
<tr><td>Shared digital team</td><td>Forms built once</td><td>Different processes underneath</td></tr>
<tr><td>Referrals with partners</td><td>Not yet in place</td><td>No clear owner; data sharing</td></tr>
</table>

<h2>4. Channel shift</h2>
<p>Simple transactions have moved online well; around seventy percent of them now arrive by
web form at one council. What has not moved is contact where residents are worried or unsure
what they need, such as housing, benefits and debt. Those calls have become longer, because
the easy ones have gone, and they need more skilled staff. Budgets that assumed a simple fall
in call volumes did not allow for this.</p>
<p>Participants stressed failure demand: contact caused by a failure to do something or to
tell people something. At one council about a third of calls came from residents chasing
matters they had already reported online. Clear confirmation messages, sent when work is
logged and when it is done, prevent much of this, provided the wording is plain. A message
saying a case was closed was read by one resident as a refusal, when it meant the case had
moved to another team.</p>
<p>For residents who cannot or will not move online, the approaches that worked were someone to
sit with them the first time, a telephone line answered by a person who can help, and a paper
route where that is genuinely needed. Assisted sessions in libraries also produced excellent
evidence about where forms confuse people, leading to changes within weeks.</p>
<p>Closing a channel was most successful when it was based on knowing who used it. Before a
cash office closed, the council wrote to each regular user and helped them change, making
separate arrangements for the two people it could not help.</p>

<h2>5. Conclusions</h2>
<p>The roundtable suggests five priorities. First, measure resolution across channels rather
than speed on one. Second, plan for the complexity that remains after simple contact moves
online. Third, treat failure demand as a defect to fix. Fourth, make joint procurement and a
shared roadmap the default across partners, with the voluntary sector at the table. Fifth,
fund assisted digital support that teaches rather than excludes, recognising the work community
organisations already do. None of these is mainly technical. All of them depend on leaders who
say, repeatedly and visibly, that the change matters.</p>
<p><i>All names, organisations and figures in this report are fictional. It was written as
sample material for the lgcoder qualitative coding tool.</i></p>
"""
