/**
 * Multi-word phrases, matched before single words (the longest match wins) and worth their own weight
 * instead of their words'. Written with contractions expanded ("can not", "did not"), because the tokenizer
 * splits "can't", "cant" and "cannot" the same way. A weight of 0 is a mask: it stops the words inside from
 * counting ("customer service", "stopped by"). A phrase that contains a negation is never negated again.
 * Format: see word-list.ts.
 */
export const REVIEW_PHRASES = `
# ---- masks: common phrases whose words would otherwise score ------------------------------------------
0: if you like, if you love, if you enjoy, if you want, if you are looking for, looking for a
0: customer service, customer support, tech support, technical support, customer care, help desk
0: stopped by, stop by, stopping by, stopped in, stop in, kind of like, no doubt, without a doubt
0: not only, not just, not to mention, nothing but, no wonder, no matter, never fails to, never fail to
0: never stops, never stop, never ceases to, never cease to
0: on top of, as well, as well as, if not, pretty much, bloody mary, such as, must have been, must have had
0: in the meantime, check out, checked out, at least, to be fair, for free, free of charge, excuse me
0: a great deal of, a good deal of, best way to, the best way to, best part is, best thing about
0: wait staff, waitstaff, can not miss, hit or miss, lost and found, well then, oh well, well well
-0.5: only complaint, my only complaint, only issue, only problem, only downside, only con

# ---- failure, with time ------------------------------------------------------------------------------
-3: stopped working, stop working, stops working, quit working, quits working, quit on me, died on me
-3: stopped functioning, gave out, gave up the ghost, fell apart, falls apart, falling apart, came apart
-2.5|-2.5: bother with, bother coming, bother going, bother trying, bother buying
-1.5|1.5: bother me, bothered me, bothers me, bother us, bothered us
-2.5: fall apart, comes apart, broke down, breaks down, broken down, fell off, falls off, went bad
-2.5: gone bad, burned out, burnt out, stopped charging, stopped responding, dead on arrival
-2: came off, come off, wore out, wears out, worn out, wore off, wears off, stopped holding
-3.5: piece of junk, piece of crap, piece of garbage, piece of shit, piece of trash
-2: only lasted, lasted only, barely lasted, only worked, worked once, went black, goes black, went dead, goes dead
-2: dropped calls, drops calls, dropping calls, drop calls, keep looking, buy a different, buy something else
-1.5: runs down, ran down, wears down, get a different, be careful
0|-2: figure {it,this,that,them} out, figure out
-2.5|2: buyers remorse, buyer's remorse
0: battery life
1.5|-2.5: do the job, does the job, did the job, does its job, do the trick, does the trick, did the trick
1.5|-2.5: work properly, works properly, worked properly, working properly
2: without effort, does what it says, does what it should, does what it is supposed to, does everything
2: does what it is supposed to do, did what it was supposed to, does exactly what
-2: no life
0|-2.5: turn on, turns on, turned on, turn {it,this,them} on, power on, powers on, power {it,this} on
0|-2.5: hold a charge, holds a charge, held a charge, hold charge, holds charge, held charge
-2.5: {sent,send,sending,take,took,taking} {it,them,this,these,that,mine} back
-2.5: time back, minutes back, hours back

# ---- money -----------------------------------------------------------------------------------------------
-3.5|-3.5: waste of {,my,your,our,good,hard earned} {money,time}, waste of space
-3.5|-3.5: wasted {my,our,your,good} {money,time}, wasted my hard earned money
-3|-3: waste your money, waste your time, save your money, save yourself
1.5: not a waste, not a waste of money, not a waste of time
-3: rip off, ripped off, ripping off, rips off, price gouging, hidden fees, hidden charges, bait and switch
-3: charged twice, double charged, charged me twice, overcharged me
-3.5: want my money back, wanted my money back, refund my money
-2: money back, my money back, asked for a refund, demanded a refund, requested a refund
0.5: money back guarantee
2.5|-3: worth the money, worth the price, worth the cost, worth every penny, worth every cent, worth it
2.5|-2.5: well worth, worth the wait, worth the trip, worth the drive, worth a try, worth a visit
2.5: bang for your buck, bang for the buck, bang for buck, money well spent, great deal, good deal
2|-2: value for money, good value, great value, reasonably priced, fairly priced, well priced
-3: poor quality, low quality, bad quality, cheap quality, cheaply made, poorly made, badly made
-3: made cheaply, made poorly, poorly constructed, poor workmanship, poor craftsmanship
-2.5: feels cheap, felt cheap, looks cheap, looked cheap, cheap plastic, cheap looking, cheap feeling
-1: quality control
-2: price is too high, prices are too high

# ---- waiting and not being answered --------------------------------------------------------------------
-2.5: took forever, takes forever, taking forever, take forever, waited forever, wait forever
-2.5: hung up, hung up on, hang up on, still waiting
-2: long wait, long waits, long wait time, long wait times, on hold, put on hold, put me on hold
# A wait long enough to mention is a complaint; short ones ("took 5 minutes") are left alone.
-2: {waited,waiting,wait,took,takes,take,sat,spent} {,over,almost,nearly,about,another,at least} {15,20,25,30,35,40,45,50,60,90,fifteen,twenty,thirty,forty,fifty,sixty,ninety} {minutes,mins,min}
-2: {waited,waiting,wait,took,takes,take,sat,spent} {,over,almost,nearly,about,at least} {an,half an,1,2,3,4,5,one,two,three,four,five,several} {hour,hours}
-1.5: wait time, wait times, long line, long lines, waiting list, hours later, days later, weeks later
0|-2.5: showed up, show up, shows up, heard back, hear back, called back, call back, calls back
0|-2: got back to, get back to, gets back to, followed up, follow up, got back, get back
1|-2: on time
0.5|-2: in time

# ---- coming back, or not -------------------------------------------------------------------------------
-3.5: never again, never ever again, not again, never going back, never coming back, never return
-3.5: never be back, never be returning
2.5|-3: be back, be returning, {buy,order,purchase} {,it,this,these,them,one,here,there,from them,from here} again
2.5|-3: eat here again, stay here again, come here again
1.5|-2.5: go back, going back, come back, coming back, go again, come again, visit again, use again
2|-2.5: use {them,it,this,him,her} again, shop here again, return again, stay again, eat there again
2.5: keep coming back, keeps coming back, again and again, returning customer, repeat customer
2: regular customer

# ---- restaurants and hotels -------------------------------------------------------------------------------
-3: hair in my, found a hair, fly in my, bug in my, found a bug, bed bugs, food poisoning, got sick
-3: made me sick, made us sick, got food poisoning, could not pay me, would not pay me
-2: needs improvement, needs work, needs some work, needs to improve, room for improvement
-1: could use some, could use a, could use more
-2: no excuse, grossed out
-1.5: somewhere else, some place else, someplace else, down side
0|-2: eat here, eating here, eat there, eating there, coming here, come here
2: a hit, big hit, know how to, knows how to, knew how to, made from scratch, from scratch
1.5: made in house

# ---- warnings ----------------------------------------------------------------------------------------------
-3: stay away, stay away from, steer clear, look elsewhere, go elsewhere, shop elsewhere
-2: run away
-3: do yourself a favor, buyer beware, you have been warned, spare yourself
-2.5: let down, let {me,us,you,them,him,her} down, fell short, falls short, fall short, falls flat
-2.5: fell flat, missed the mark, misses the mark, miss the mark, went downhill, gone downhill
-2.5: not what it used to be, not what i expected, not as described, not as advertised, not as pictured
1.5|-2.5: as described, as advertised, as pictured, as expected, as promised, as shown
1.5|-2: lived up to, live up to, lives up to, met my expectations, meet my expectations, meets expectations
1.5|-3: redeeming qualities, redeeming quality, redeeming value, redeeming features
-2: below par, sub par, heavy handed, ham fisted, far fetched, self indulgent, mind numbing
1|-2: up to par, up to scratch, up to snuff
-2: had better, have had better, seen better, find better, better off
-2: expect better, deserve better, deserves better, do better, could do better, should be better, at best
-1.5: would rather, would {much,far} rather, better luck
-2: expected more, expected better, expecting more, hoped for more, hoped for better, hoping for more
-2: wanted to like, wanted to love, want to like, tried to like, tried to love
-1.5: nothing special, nothing to write home about, nothing to rave about, nothing spectacular
-1.5: could be better, could have been better, should have been better, could be improved
-1.5: so so, just ok, just okay, just average, only ok, only okay
-2: not a fan, not my cup of tea, a joke, is a joke, was a joke
-2: over rated, over hyped, over priced, over cooked, under cooked, over done, under done, under whelming

-2.5: leaves a lot to be desired, leaves much to be desired, left a lot to be desired, left much to be desired
-2: leaves something to be desired, left something to be desired
2: hassle free, worry free, stress free, trouble free, problem free, pain free, fuss free, risk free

# ---- negation idioms that praise -----------------------------------------------------------------------------
4: can not recommend enough, can not recommend * enough, can not recommend * * enough
3.5: can not say enough, can not say enough good things, can not praise * enough
4: could not be happier, could not be {any,more} happier, could not have been happier, could not be more pleased, could not be more satisfied, could not be better
3: could not have asked for more, could not have asked for better, could not ask for more, could not ask for better, could not ask for a better, can not ask for more
3: can not go wrong, could not go wrong, will not regret, can not beat, can not be beat, hard to beat
3: can not fault, could not fault, can not wait, could not wait, can not get enough, could not get enough
3.5: could not put it down, could not put * down, can not stop eating, can not stop listening
2.5: never disappoints, never disappointed, never {been,felt,left,once} disappointed, never fails
2.5: never had a bad, never had a problem, never had an issue, never had any problems, never had any issues
2: no complaints, no regrets, not a single complaint, no problems, no issues, no problem at all
2.5: nothing beats, nothing compares
-1.5: nothing happens, nothing new, nothing more than, plot holes, plot hole
1.5: not bad, not bad at all, not too bad, not half bad, no problem, no worries, no hassle, no fuss
1.5: can not complain, could not complain, nothing wrong
2: not disappointed, was not disappointed, were not disappointed, will not be disappointed
2.5: no brainer, no nonsense, second to none, none better

# ---- films, books, shows -------------------------------------------------------------------------------------
3: {very,deeply,truly,so,incredibly,profoundly,quite,really} moving
2.5: moving story, moving performance, moving film, moving tribute
2|-2: {played,acted,written,directed,done,shot,made,executed,paced,cast,performed,handled,crafted} well
2|-2: {balanced,designed,built,constructed,organized,run,managed,maintained,fits,sounds,holds,cooked} well
2|-2: {prepared,seasoned,presented,priced,packaged,packed,kept} well
2: well played, like no other, thought provoking, stand out, stands out, go watch, go watch it, pulls no punches
1.5|-1.5: give it a try, give this a try, give it a shot, give this one a look, give this a look, give it a look
3: pitch perfect, tour de force, oscar worthy, cutting edge
-2.5: walk out, walked out, walking out, skip it, skip this, skip this one, pissed off, put to sleep
-1.5: beyond me
0|-2: take {it,this,them,him,her,anything} seriously, believe in
0.5|-2: character development
2: go see, go and see, should see, see it
2: never gets old, never get old

# ---- posts and greetings -------------------------------------------------------------------------------------
-3: kiss my ass
-1.5: good grief
2: hell yeah, hell yes, heck yeah, heck yes, fuck yeah, fuck yes
0: holy shit, holy crap, no shit, what the hell, what the heck
1: good luck, good morning, good night, good afternoon, good evening
1: best of luck
-2: too bad
# The run-together "epicfail" is in review-words.ts; split ("#EpicFail", "epic fail") it must not cancel out.
-2.5: epic fail, epic fails, epic failure

# ---- praise idioms ----------------------------------------------------------------------------------------------
3.5: top notch, top of the line, top quality, first class, first rate, world class, five star, 5 star, out of this world
3.5: to die for, blew me away, blown away, blew us away, above and beyond, went above and beyond
3.5: goes above and beyond, go above and beyond, exceeded my expectations, exceeded expectations
3.5: exceeds expectations, exceeded our expectations, beyond my expectations, beyond expectations
3: {went,go,goes,going} out of {their,his,her,my,our,your} way, made us feel welcome
3: made me feel welcome, feel at home, felt at home, pleasantly surprised, pleasant surprise
2: right away, right on, just right
3: hit the spot, hits the spot, on point, spot on, dead on, like a charm, game changer, life saver
3: lifesaver, made my day, makes my day, keep up the good work, hats off, two thumbs up, highly rated
2.5: thumbs up, big fan, huge fan, a fan, must try, must see, must have, must buy, must visit, must watch
2.5: made me smile, made me laugh, laugh out loud, laughed out loud, edge of my seat, edge of your seat
2.5: the bomb, the shit, bad ass, badass, kick ass, kicks ass, kicked ass, well done, well made, well built
2.5: well designed, well written, well acted, well crafted, well executed, well organized, well thought out
2.5|-2.5: works well, worked well, work well, working well
2: well packaged, well packed, nice touch, good stuff, great stuff, thank you, thank u
2: better than expected, better than i expected, more than i expected, true to size, like new, good as new
2: as good as it gets, fast shipping, quick shipping, fast delivery, quick delivery, arrived quickly
2: arrived early, arrived on time, came quickly, shipped quickly, well worth it
-2.5: thumbs down, slow shipping, slow delivery, arrived late, arrived damaged, arrived broken
-2: funny smell, smells funny, tastes funny, funny taste, funny noise, smelled funny, tasted funny
-2: runs small, runs large, too small, too big, too short, too long
`;
