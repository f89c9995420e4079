"""The words of the sample roundtable: fictional people, places and councils, written for lgcoder.

Harrowfield is an invented borough. Session 1 (the Word transcript) is about barriers and
leadership; session 2 (the Teams captions) is about synergy between partners and channel shift.
"""

TITLE = "Harrowfield Digital Services Roundtable"

PEOPLE = {
    "Amara Okonkwo": "Facilitator, Centre for Local Governance, Northgate University",
    "Gareth Pryce": "Head of Customer Services, Harrowfield Borough Council",
    "Sunita Mehra": "Chief Digital Officer, Wexley District Council",
    "Tom Ashdown": "Cabinet Member for Resources, Harrowfield Borough Council",
    "Leanne Fairbrother": "Manager, Harrowfield Community Advice",
    "Rhys Calloway": "Infrastructure Lead, Three Valleys Shared IT Service",
}

SESSION_1 = [
    (
        "Amara Okonkwo",
        "Good morning, everyone, and thank you for giving up a morning for this. The purpose of today is simple to say and harder to do. We want to understand what actually stops councils like yours from moving services online in a way that works for residents, and what kind of leadership helps. Nothing you say will be attributed without your agreement, and the recording is only for our notes. Could we start with a quick round of introductions?",
    ),
    (
        "Gareth Pryce",
        "I'm Gareth, I run customer services at Harrowfield. That means the contact centre, the reception at the civic centre, and, for my sins, the council's web forms. About forty staff, give or take the vacancies we can't fill.",
    ),
    (
        "Sunita Mehra",
        "Sunita Mehra, Chief Digital Officer at Wexley. We're a smaller district next door, and we share a fair amount of back office with Harrowfield already, which I'm sure will come up.",
    ),
    (
        "Tom Ashdown",
        "Tom Ashdown, cabinet member for resources. I'm the politician in the room, so you can blame me for the budget.",
    ),
    (
        "Leanne Fairbrother",
        "Leanne, I manage Harrowfield Community Advice. We see the people who fall through the gaps when the council's systems don't work for them, so I suppose I'm here as the awkward friend.",
    ),
    (
        "Rhys Calloway",
        "Rhys Calloway, I look after infrastructure for the Three Valleys shared IT service. We host systems for three councils, including both of these two.",
    ),
    (
        "Amara Okonkwo",
        "Thank you. Let's begin with barriers. Gareth, when a project to put a service online stalls, what is usually the reason?",
    ),
    (
        "Gareth Pryce",
        "Honestly, it's rarely the technology. The form itself takes a week to build. What takes six months is getting the service area to agree what the form should ask, who checks it, and what happens when the answer doesn't fit the box. Our housing repairs form went through four versions because nobody could agree whether a dripping tap was urgent. In the meantime residents phone us, which is the thing we were trying to reduce.",
    ),
    (
        "Sunita Mehra",
        "I'd add that the back-office systems are a barrier in their own right. We bought line-of-business systems over twenty years, each with its own supplier and its own idea of what a customer is. So a resident who reports a missed bin and then asks about council tax is two different people to us. Until the data underneath is joined up, a shiny front end just moves the problem around.",
    ),
    (
        "Rhys Calloway",
        "And integration costs real money. Every supplier charges for an interface, and the price goes up when they know you're locked in. We had a quote last year of forty thousand pounds to expose one field from the revenues system. One field. That's a barrier nobody in a meeting like this sees, but it kills business cases.",
    ),
    ("Amara Okonkwo", "Is that a technical barrier or a commercial one?"),
    (
        "Rhys Calloway",
        "Commercial, mostly, dressed up as technical. The technology to do it has existed for years. What we lack is the contract leverage, and each council negotiating on its own has very little.",
    ),
    (
        "Leanne Fairbrother",
        "Can I bring in the resident's side? Because the barrier I see most is not inside the council at all. We had a woman in last week who'd been trying to apply for a council tax reduction on her phone. The form timed out three times because she had to go and find documents. She has a smartphone, she's perfectly capable, but she's sharing the phone with her teenage son and it has about two gigabytes of data a month. Digital by default assumes a broadband connection and a quiet hour, and a lot of people don't have either.",
    ),
    (
        "Gareth Pryce",
        "That's fair, and it's in our data too. Most of our online traffic is on mobile, and the completion rate on mobile is about half what it is on a desktop. We've just never had the time to fix it properly.",
    ),
    (
        "Tom Ashdown",
        "Which is a resourcing point, and I'll own it. We have cut the central teams that would do that kind of work. When budgets are squeezed, councillors protect the services people can see, bins and libraries and social care. A user researcher is very hard to defend in a budget meeting, even though I know that person would probably save us money.",
    ),
    (
        "Amara Okonkwo",
        "That's a useful thread. Is the barrier money, or is it how the benefit is counted?",
    ),
    (
        "Tom Ashdown",
        "It's how it's counted. The savings from channel shift land in the contact centre's budget, a year or two later. The cost lands in IT and in the service area now. So every department looks at it and sees only their cost. Unless somebody at the top holds the whole picture, it never adds up on a spreadsheet.",
    ),
    (
        "Sunita Mehra",
        "That's exactly where leadership comes in, though, isn't it? In Wexley the thing that changed was our chief executive saying, in front of all the heads of service, that digital was not an IT project and that she would judge directors on it. It sounds small. It wasn't. Overnight I stopped having to beg for time in service meetings.",
    ),
    (
        "Amara Okonkwo",
        "So visible sponsorship from the top. What does that look like day to day, beyond the announcement?",
    ),
    (
        "Sunita Mehra",
        "It looks like her turning up at show and tells. It looks like a director being asked, in a performance meeting, why their online take-up is flat. And it looks like her backing us when something goes wrong, because it will. Our first online payments release failed on the Saturday morning. She rang me to ask what we'd learned, not who to blame.",
    ),
    (
        "Gareth Pryce",
        "We haven't had that, if I'm candid. Harrowfield's leadership is supportive in principle, but the message to managers is still mixed. We're told to get people online, and in the same month we're measured on how fast we answer the phone. If I shift the easy calls online, my average call gets longer and harder, and my phone statistics look worse. So the incentive actually points the wrong way.",
    ),
    (
        "Tom Ashdown",
        "That's a fair criticism of us as members as well. We ask for the call-answering figure at scrutiny because it's the one residents complain about. Maybe we should be asking how many people got their problem sorted first time, whichever channel they used.",
    ),
    (
        "Leanne Fairbrother",
        "Please do. From where I sit, a quick answer that sends someone round in circles is worse than a slow one that fixes it.",
    ),
    (
        "Amara Okonkwo",
        "Let me push on leadership a little. Is it only the chief executive and the cabinet, or does leadership sit elsewhere too?",
    ),
    (
        "Rhys Calloway",
        "It sits in odd places. Some of the best change I've seen was led by a team leader in revenues who just got fed up of rekeying data. She taught herself the workflow tool, built something, and then came to us asking how to do it properly. We should be finding those people and giving them cover, not making them fill in a project initiation document.",
    ),
    (
        "Sunita Mehra",
        "Distributed leadership, yes. But it needs a frame around it, or you end up with forty little apps that nobody can maintain. That's a real risk, I've inherited some of them.",
    ),
    ("Rhys Calloway", "Fair. Cover and guard rails, then. Not permission for everything."),
    (
        "Amara Okonkwo",
        "Leanne, you mentioned people falling through gaps. What would good leadership look like from the community side?",
    ),
    (
        "Leanne Fairbrother",
        "Being in the room at the start, not being consulted at the end. We usually hear about a new online system when our clients start coming in confused. If someone had asked us, we could have told them that half the people who use a service have never had an email address, or that a password rule with special characters is a nightmare for somebody with dyslexia. That's not a technical insight. It's just knowing the people.",
    ),
    (
        "Gareth Pryce",
        "We did try a user panel once. It fell apart because we couldn't pay people for their time and only the usual suspects came.",
    ),
    (
        "Leanne Fairbrother",
        "We could host it for you. People trust us, and they'll come to a session in our building when they wouldn't walk into the civic centre. That's the sort of thing I mean.",
    ),
    (
        "Amara Okonkwo",
        "That's an offer worth noting. Let's talk about skills, which came up a few times. Is there a skills barrier inside the councils?",
    ),
    (
        "Sunita Mehra",
        "Yes, but not the one people expect. We don't need every officer to code. We need service managers who can describe a problem well, who can look at data without being frightened of it, and who understand that a service is the whole journey, not just their step in it. That's a management skill. We've trained our managers in it, about a day and a half each, and it has paid back many times over.",
    ),
    (
        "Rhys Calloway",
        "And then there's the specialist gap. We can't compete with private sector salaries for good developers or security people. We lose them after two years. That's a barrier to anything ambitious.",
    ),
    (
        "Tom Ashdown",
        "Which is partly why the shared service exists. Three councils together can hold a team that none of us could hold alone.",
    ),
    (
        "Amara Okonkwo",
        "Before we leave skills, I want to test something. Several of you have said the barriers are cultural rather than technical. Rhys, do you agree, or is that a comfortable thing for non-technical people to say?",
    ),
    (
        "Rhys Calloway",
        "I half agree. It's comfortable, and it lets everyone off the hook about the estate we're actually running. We still have a planning system on a server that's out of support, because replacing it would take a year of the planning team's time, and they haven't got a year. That's technical debt, and it's a barrier whether or not the culture is perfect. Every pound we spend keeping old kit alive is a pound we don't spend on anything a resident would notice.",
    ),
    (
        "Sunita Mehra",
        "I'd push back a little. The planning system is old because nobody with authority decided that replacing it mattered more than the next urgent thing. Technical debt is what a culture of putting off decisions looks like from the server room.",
    ),
    (
        "Rhys Calloway",
        "That's a good line, and I'll probably steal it. But you can't patch a server with a culture change programme.",
    ),
    (
        "Tom Ashdown",
        "And that's where I'd defend politicians a little. We work on a four-year electoral cycle and, in practice, a one-year budget. A programme that pays back in year five is almost impossible to champion, because by then someone else gets the credit, or the blame. If I'm honest, the leadership barrier is short-termism, and it's structural rather than personal.",
    ),
    (
        "Leanne Fairbrother",
        "Short-termism hits us too. We get funded for twelve months to run a digital inclusion project, we train volunteers, we build trust, and then the money stops just as it starts working. And trust is the thing people underestimate. A lot of our clients have had a letter that was wrong, or a payment stopped without warning, so a form asking for their bank details and national insurance number feels like a trap. You can't design that out with a better button.",
    ),
    (
        "Amara Okonkwo",
        "So the time horizons of the funding don't match the time horizons of the change, inside the council or outside it. Gareth, does that ring true in customer services?",
    ),
    (
        "Gareth Pryce",
        "Completely. We've had three digital strategies in eight years. Each one had a launch event, a logo and a new set of priorities, and the staff have learned to wait them out. If I could ask one thing of our leadership, it would be to pick a direction and stick with it long enough for people to believe it.",
    ),
    (
        "Sunita Mehra",
        "Consistency beats brilliance. Our strategy is two pages long and it hasn't changed in four years. That's deliberate, and it's the most useful thing our leadership has done.",
    ),
    (
        "Amara Okonkwo",
        "We'll come back to shared working in the afternoon session. Before the break, is there anything about risk and fear we haven't covered? I often hear that fear of getting it wrong is a barrier in itself.",
    ),
    (
        "Gareth Pryce",
        "It is. Officers are frightened of the press, frankly. One bad story about a resident who couldn't get through, and the instinct is to keep every old channel open forever, just in case. So we end up running the old service and the new one side by side, paying twice.",
    ),
    (
        "Tom Ashdown",
        "And members are frightened of complaints. I'll be honest about that. When a pensioner rings me because the library booking has moved online, I feel it personally. The temptation is to say, keep the phone line. I think the better answer is to keep a human route for the people who need it, and to be clear that it's there, rather than keeping everything for everybody.",
    ),
    (
        "Leanne Fairbrother",
        "That's the distinction that matters. Assisted digital, not no digital. Somebody sitting with you the first time, so that the second time you can do it yourself. We do that every day already, without being funded for it.",
    ),
    (
        "Sunita Mehra",
        "And that's a conversation about money we should have openly. If the voluntary sector is carrying part of the cost of channel shift, it should be part of the business case.",
    ),
    (
        "Amara Okonkwo",
        "Let me try to sum up what I've heard this morning, and tell me if I've got it wrong. The barriers are less about technology than about agreement inside services, about old systems and contracts that make joining up expensive, about how savings are counted across departments, and about residents whose circumstances the services weren't designed around. Leadership shows up as visible sponsorship from the top, measures that reward the right thing, cover for people who lead change from the middle, and bringing community partners in early. Is that fair?",
    ),
    (
        "Gareth Pryce",
        "That's fair. I'd underline the measures point. If you measure the phone, you get the phone.",
    ),
    (
        "Tom Ashdown",
        "I'll take that back to scrutiny, and I mean that. We can change what we ask for.",
    ),
    ("Leanne Fairbrother", "And I'll hold you to it, Tom."),
    (
        "Amara Okonkwo",
        "Thank you all. Let's take twenty minutes. Coffee is at the back, and the afternoon session will pick up on working across organisations and on channel shift itself.",
    ),
]

SESSION_2 = [
    (
        "Amara Okonkwo",
        "Welcome back, and welcome to those joining online for the afternoon. This morning we talked about barriers and leadership. This session is about working across organisations, what people sometimes call synergy, and about channel shift in practice. Sunita, you mentioned that Wexley and Harrowfield already share a lot. Can you describe it?",
    ),
    (
        "Sunita Mehra",
        "We share the IT service through Three Valleys, which Rhys runs the infrastructure for. We share a revenues and benefits team. And for the last eighteen months we've shared a small digital team, four people, who work on both councils' websites and forms. The idea was that a form built once for missed bins should work for both councils, with the branding changed.",
    ),
    ("Amara Okonkwo", "And has it?"),
    (
        "Sunita Mehra",
        "Partly. The technical sharing has been easy. The hard part is that the two services aren't actually the same underneath. Harrowfield collects garden waste fortnightly and charges by subscription. We collect it monthly and it's free. So the form looks identical and the logic behind it is completely different. We spent a lot of time discovering that a shared form needs a shared service design, or at least an honest list of the differences.",
    ),
    (
        "Gareth Pryce",
        "Which sounds like a barrier, but I'd call it a useful one. Having to explain our process to Wexley made us notice how odd some of it was. We had a step where a resident's garden waste payment was checked by hand against a spreadsheet, for no reason anyone could remember.",
    ),
    (
        "Rhys Calloway",
        "From the infrastructure side, the synergy is very real. One hosting contract, one security team, one set of backups. When we renegotiated the revenues system contract as three councils rather than one, the interface charge I mentioned this morning came down by more than half. Suppliers listen when you're a bigger customer.",
    ),
    (
        "Tom Ashdown",
        "The politics are harder than the technology, though. Every council has its own identity and its own members who worry about losing control. When we proposed sharing the contact centre as well, two of my colleagues said it was the first step to a merger by the back door. It isn't, but the fear is real and it has to be managed.",
    ),
    ("Amara Okonkwo", "How do you manage it?"),
    (
        "Tom Ashdown",
        "By being clear about what is shared and what isn't. Decisions about policy, fees and priorities stay with each council. The shared team delivers, each council decides. We wrote that into the partnership agreement in plain English, and we report on it to both scrutiny committees. Trust comes from that being true over time, not from the document.",
    ),
    (
        "Leanne Fairbrother",
        "Can I say what synergy looks like from outside? It would be lovely if it included us. At the moment we have a referral form for the council, another for the housing association, and a third for the health trust, and each one asks the same twenty questions. If the partners could agree one referral, with the resident's permission to share it, that would save my advisers hours every week and spare people telling their story three times.",
    ),
    (
        "Sunita Mehra",
        "That's the kind of thing the shared digital team should be doing, and isn't yet. Partly because nobody owns it. It falls between organisations.",
    ),
    (
        "Rhys Calloway",
        "There's an information governance question as well, which is solvable but slow. Every data sharing agreement goes through three sets of lawyers.",
    ),
    (
        "Amara Okonkwo",
        "Is there a point where sharing stops being worth it? I'd like to hear a sceptical voice before we move on.",
    ),
    (
        "Gareth Pryce",
        "I'll be the sceptic, then. Sharing the digital team has been good, but our residents ring us, not Wexley, and when the shared team is busy on a Wexley priority my complaints still land on my desk. There's a cost to not owning your own people. Synergy is a lovely word in a report. On a Monday morning it can mean waiting in someone else's queue.",
    ),
    (
        "Sunita Mehra",
        "That's fair, and I'd feel the same in your seat. But the alternative was that neither of us had a digital team at all. Four shared people is a lot more than the one and a half we could each afford.",
    ),
    (
        "Gareth Pryce",
        "I'm not arguing for going back. I'm arguing for an honest queue, where both councils can see what's being worked on and why.",
    ),
    (
        "Rhys Calloway",
        "We do that for infrastructure already. One board, both councils' requests on it, priorities agreed every month by the two heads of service. It's boring and it works. Nobody feels short-changed when they can see the list.",
    ),
    ("Tom Ashdown", "Boring and visible. I'd happily put that on a poster."),
    (
        "Leanne Fairbrother",
        "From outside, half the time I can't tell which council I'm dealing with, and neither can my clients. If sharing means one way of doing things, please let it be one clear way.",
    ),
    (
        "Amara Okonkwo",
        "So synergy creates its own coordination costs. Let's move to channel shift directly. Gareth, what has actually shifted at Harrowfield, and what hasn't?",
    ),
    (
        "Gareth Pryce",
        "The transactional stuff has moved well. Missed bins, bulky waste bookings, paying council tax, reporting fly tipping. Around seventy percent of those now come in online, and the volumes to the phone have dropped accordingly. What hasn't moved is anything where the resident is worried or doesn't know what they need. Housing, benefits, anything involving debt. Those calls are longer now, because the easy ones have gone, and they need more skilled staff.",
    ),
    ("Amara Okonkwo", "Is that a success or a problem?"),
    (
        "Gareth Pryce",
        "Both. It's a success because the simple things are easier for most people. It's a problem because we planned the budget as if every call was the same size. We took out staff on the assumption of a volume drop and didn't account for the calls getting harder. I'd do that differently.",
    ),
    (
        "Sunita Mehra",
        "We made the same mistake, and then we changed how we plan. We now look at demand by type, not by volume. Failure demand, where someone is contacting us because we got something wrong or didn't tell them something, we treat as a defect to fix, not a call to answer faster. About a third of our calls were people chasing something they'd already reported online. That's not channel shift, that's channel duplication.",
    ),
    (
        "Tom Ashdown",
        "That figure shocked our members when we saw it. A third. It means the online service wasn't telling people what would happen next.",
    ),
    (
        "Rhys Calloway",
        "A lot of that is just notifications. If the system sends a text saying your bin has been logged and will be collected on Thursday, the chase call never happens. The technology for that is cheap. What's hard is getting the back-office system to tell the notification service that the job is done.",
    ),
    (
        "Leanne Fairbrother",
        "And the text needs to make sense. We had a client who got a message saying her case had been closed, and she thought it meant her application was refused. It meant it had been passed to another team. Words matter as much as wiring.",
    ),
    (
        "Amara Okonkwo",
        "How do you know whether channel shift has actually saved money, rather than moved the cost somewhere else?",
    ),
    (
        "Sunita Mehra",
        "With difficulty. We track a rough cost per transaction by channel, and online is a fraction of a phone call. But that number flatters us if the online route creates chase calls or sends people to the advice centre instead. So we now count a transaction as done only when the resident's need is met, and we look at repeat contact within fourteen days.",
    ),
    (
        "Leanne Fairbrother",
        "I'd love to see that figure include us. When the council saves a phone call and we spend forty minutes helping someone fill in the form, the public purse hasn't saved anything. The cost has just moved onto a charity with a waiting list.",
    ),
    (
        "Tom Ashdown",
        "That's a point I'd like in our next budget paper, to be honest. Cost shunting to the voluntary sector is invisible in our accounts, and what's invisible doesn't get funded.",
    ),
    (
        "Rhys Calloway",
        "Some of it is measurable, though. If the advice centre used the same case reference as the council, we could see the whole journey. That's a data sharing question again, but a small one.",
    ),
    (
        "Leanne Fairbrother",
        "Small for you. Our case system is a spreadsheet and a very patient volunteer.",
    ),
    (
        "Amara Okonkwo",
        "Let's talk about people who can't or won't shift. What has worked for them?",
    ),
    (
        "Leanne Fairbrother",
        "Three things, in my experience. Somebody to sit with you the first time. A phone number that is actually answered by someone who can help, not a recorded message telling you to go online. And being allowed to do it on paper if that is genuinely what you need. Most people, once they've been shown, are happy to use the online route the next time. A small number never will, and that's fine, as long as the route they use isn't punished by being slower or worse.",
    ),
    (
        "Gareth Pryce",
        "We've started putting assisted digital sessions in libraries, two mornings a week. Staff from my team sit with people and go through forms with them. It's been popular, and it gives us brilliant feedback on where the forms are confusing. We changed the council tax reduction form after three weeks of watching people get stuck on the same question.",
    ),
    (
        "Sunita Mehra",
        "That's the best user research you can get, and it's cheap. We should share those findings across both councils, since we're supposedly sharing the forms.",
    ),
    ("Gareth Pryce", "Agreed. I'll send you the notes."),
    (
        "Amara Okonkwo",
        "Several councils are now putting webchat or automated assistants on their websites. Is that the next stage of channel shift, or a distraction?",
    ),
    (
        "Rhys Calloway",
        "It can help with the simple questions, what day is my bin, how do I pay. But it's only as good as the information behind it, and ours is scattered across four systems and a lot of out-of-date web pages. Put a chatbot on top of that and you automate the confusion.",
    ),
    (
        "Gareth Pryce",
        "We trialled webchat with real advisers for six months. Residents liked it, partly because they could use it at work without being overheard. But each adviser could only handle two chats at once, so it wasn't the saving the business case promised. It was a better service, not a cheaper one.",
    ),
    (
        "Sunita Mehra",
        "And that's a legitimate outcome, as long as we say so. Not every change has to pay for itself. Some things are worth doing because they treat people better, and leadership means being willing to argue for those in the budget.",
    ),
    (
        "Leanne Fairbrother",
        "Just please don't make the robot the only door. The people I see most need a human being, and they're the least likely to get past a menu of options.",
    ),
    (
        "Tom Ashdown",
        "Noted, and I agree. Whatever we automate, there will be a named way to reach a person, and we'll publish it.",
    ),
    (
        "Amara Okonkwo",
        "Tom, from a leadership point of view, how do you decide when a channel can close?",
    ),
    (
        "Tom Ashdown",
        "Carefully, and with evidence. We closed the cash office last year. Before we did, we looked at who was using it, found that most of the payments were from a handful of people who could use a PayPoint in the local shop, and we wrote to each of them and helped them change. Two people we couldn't help, and we made a separate arrangement for them. It took longer and it went well. The closure that goes badly is the one done for the budget on a date set before anybody looked at who it would affect.",
    ),
    (
        "Gareth Pryce",
        "I'd add one thing to Tom's story. The staff from the cash office were the best people to help with the change, because they knew most of those residents by name. Two of them now run our library sessions. If you treat the people in the old channel as part of the solution rather than as the saving, the shift goes better.",
    ),
    (
        "Rhys Calloway",
        "From the IT side, closing a channel also lets us switch off an old system, which is where the real savings are. Running a legacy system for twelve people a month is expensive and it's a security risk.",
    ),
    (
        "Amara Okonkwo",
        "We have about ten minutes left. I'd like to come back to synergy and leadership together. If you could change one thing about how the partners work together, what would it be?",
    ),
    (
        "Sunita Mehra",
        "A single, shared roadmap for digital across the partnership, agreed by both chief executives, with the community sector at the table. At the moment each council has its own list of priorities and the shared team tries to serve both, which means it serves neither very well.",
    ),
    (
        "Rhys Calloway",
        "Joint procurement as the default. Any new system, we buy together unless there's a good reason not to. It changes the conversation with suppliers completely.",
    ),
    (
        "Leanne Fairbrother",
        "A shared referral, owned by somebody. And funding for assisted digital support that recognises what the voluntary sector already does.",
    ),
    (
        "Gareth Pryce",
        "Measures that reward resolving the problem, across both councils, so we're not each optimising our own phone statistics.",
    ),
    (
        "Tom Ashdown",
        "For me it's members. I'd like a joint member working group across the councils on digital, so that the political leadership is shared as well as the technology. If the members understand it, the fear of merger by the back door goes away, and we can make braver decisions.",
    ),
    (
        "Amara Okonkwo",
        "Thank you. Let me try to draw the threads together. Sharing technology and contracts has produced real savings and better leverage with suppliers. Sharing services is harder, because it exposes differences in process, and it needs clear agreements about who decides what. Channel shift has worked for simple transactions, but it has made the remaining contact more complex, and budgets need to recognise that. Failure demand, people chasing things they already reported, is the quiet cost, and better notifications and clearer words can reduce it. Residents who need help are best served by assisted routes that teach rather than exclude. And partnership with the voluntary sector is part of the solution, not a consultation exercise at the end.",
    ),
    (
        "Sunita Mehra",
        "That's a good summary. I'd only add that none of it happens without someone at the top saying it matters, over and over again.",
    ),
    ("Tom Ashdown", "Which is my job, I know. Point taken."),
    ("Leanne Fairbrother", "And I'll be back in six months to see whether anything has changed."),
    (
        "Amara Okonkwo",
        "We'd welcome that. Thank you all very much. We'll circulate a short summary report in the next few weeks, and you'll each have the chance to check anything we quote before it goes further.",
    ),
]
