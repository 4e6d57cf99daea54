/**
 * Our review-domain words, on the AFINN scale (-5..+5). They add to AFINN-165 and override it where a
 * general-purpose weight reads reviews wrongly ("joke" is +2 in AFINN; in "their support is a joke" it is not).
 * Format: see word-list.ts. "w|n" gives the weight when negated: words such as "work" or "arrived" say
 * nothing on their own but a lot in "didn't work" and "never arrived".
 */
export const REVIEW_WORDS = `
# ---- AFINN weights that mislead on reviews ----------------------------------------------------------
# Requests and wishes ("I want a refund", "please fix this") are not praise.
0 want wants wanted please cut pay pays wish wishes hopefully expect expects expecting god
# Mostly nouns in reviews: "customer support", "take a chance on", "the top of the box", "Grand Avenue".
0.5 yes sure support supports supported chance chances
1 top care cares cared hope hoped hopes kind free grand
# Hype words AFINN rates above "good"; in posts they are as often promotion ("win a trip!") as opinion.
2 win wins winning
1|-2 interesting
1.5 help helps helped helping
1.5 cool fine fan fans
# "I've had better", "you can find better": a comparison the reviewed thing usually loses.
1 better
2.5 wow
# "tastes funny", "a funny noise".
2|-2 funny
2.5|-2 fun
# Swearing is mostly casual emphasis in posts and reviews, not the gravest insult AFINN rates it as.
-2.5 shit fuck fucked fuckin fuking fuked
-2 hell ass damned
-2.5 wtff wtfff
2 lolol lololol lolololol
2.5 wooo woow wowow wowww
3 hurrah triumph
2.5 winner miracle
1.5 award awards awarded
2 supreme
# "charged me twice" is a complaint, "fully charged" is not; "their support is a joke".
-1 charged miss
-1.5 missed joke jokes
-1 hard limited
# Figures of speech more often than tragedies: "dead battery", "lost my order", "killing it".
-2.5 dead
-2 lost
-2 die killing
-2.5 died
-2 kill
1.5 lol lols
2 haha hahaha hehe hehehe lmao lmfao rofl
-3.5 worst
# "don't waste your money" is a warning, not praise: these do not flip.
-2.5|-2.5 waste wasting wasted
-2 wasteful

# ---- things that only matter when they did not happen ("never arrived", "didn't work") -------------
1|-2.5 works
0.5|-2.5 worked
0|-2.5 work working
0|-2 function functions functioned functioning
1|-2 functional
0|-2.5 arrived arrive arrives received receive receives delivered deliver delivers shipped
0|-1.5 ship ships came come comes showed show shows
0|-2 responded respond responds replied replies answered answer answers answering called calls
0.5|-2.5 response reply
0|-2 heard hear fixed fix fixes resolved resolve resolves solved solve acknowledged acknowledge greeted
0|-1.5 seated served checked offered offer refilled apologized apologize apologise apologised apology
2|-2 honored honoured
1|-2 honor honour honors
0.5|-2 fit fits fitted
0|-1.5 match matches matched
0|-2 connect connects connected pair pairs paired sync syncs synced load loads loaded boot boots booted
0|-1.5 open opens opened start starts started install installs installed recognize recognizes detect detects
0|-2 charge charges charging
0|-1.5 stay stays stayed stick sticks seal seals close closes
0|-1.5 last
1|-2 lasts lasted lasting
0.5|-2 compatible
0|-2.5 flavor flavour flavors flavours seasoning
0|-1.5 taste spice
0|-2 go
0|-1.5 again
1|-2 believable coherent
0.5|-2 comprehensible
1|-2.5 redeeming
-1 crazy
0|-1.5 right
0.5|-2.5 edible
0|-1.5 enough
0|-2 buy bought purchase purchased order ordered
0|-2 brought
0|-1 bring
1.5|-2.5 worth
1|-2.5 worthwhile
2.5|-3 recommend recommending
2|-2.5 recommended
0.5|-1 recommendation

# ---- product failure and poor quality --------------------------------------------------------------
-3 defective faulty unusable worthless useless junk garbage rubbish crap crappy junky shoddy
-3 counterfeit knockoff ripoff scam scams scammed scammer scammers fraud fraudulent
-2.5 broken malfunction{,s,ed,ing} unreliable flimsy cheaply substandard subpar inoperable
-2.5 fake dud unsafe damaged
-2 broke breaks busted cracked cracking leak{,s,ed,ing,y} rusted rusty frayed dented shattered
-2 jammed glitch glitches glitchy buggy laggy crash crashes crashed crashing overheat{,s,ed,ing}
-2 unresponsive sluggish clunky cumbersome inaccurate mislabeled mislabelled defect defects flaw
-2 garbled muffled distorted choppy
-1.5 tinny crackling grainy pixelated dropping forgot forgetting
-1 dim faint echo forgotten
-1.5 torn ripped peeling peeled scratched stained stains stuck wobbly freezes froze freezing lag lags lagging
-1.5 bug bugs outdated obsolete incomplete warped flawed flaws
-1 loose bent scratches stain slow incorrect noisy complicated confusing odd fragile bulky hiss humming
-0.5 heavy static
-1.5 brittle fading faded discolored rattling squeaky squeaking hissing crackle distortion intermittent
-1.5 spotty disconnected drains draining buzzing whining dripping
-2 chipped corroded underpowered flaky disconnects disconnecting
-2.5 dies
-3 doa
1 lightweight compact portable longevity booming
1.5 ergonomic snappy
2 painless
0.5 instant
1|-2 usable
-0.5 cheap loud slowly tiny break
1 quality
1.5 sturdy rugged solid robust durable reliable dependable
2 sturdier
1.5 sleek stylish elegant handy convenient practical versatile
2 intuitive seamless seamlessly effortless effortlessly
1.5 smooth smoothly easy simple straightforward user-friendly
1 easily crisp clear bright vivid vibrant accurate precise
1|-2 properly
0.5|-2 included
0.5|-1.5 effort
0|-1.5 maintain maintains connection life
2 rocks rocked
-2 breakage
-1 breaking
1.5 responsive fast quick speedy prompt promptly timely punctual efficient
0.5 quickly
2.5 flawless flawlessly impeccable impeccably

# ---- comfort, cleanliness, places ------------------------------------------------------------------
-2 uncomfortable itchy scratchy smelly stinky stinks stank reeks odor odour moldy mouldy mildew dingy
-3 filthy disgusting gross grimy nasty unsanitary cockroach cockroaches roach roaches bedbugs
-2.5 mice rats
-1.5 sticky dusty cramped crowded rundown shabby musty
-1 dated
2 comfortable comfy cozy cosy spacious roomy spotless tidy immaculate relaxing peaceful inviting
1.5 clean quiet soft snug airy
2.5 charming welcoming homey

# ---- food ------------------------------------------------------------------------------------------
-2.5 bland tasteless flavorless flavourless inedible undercooked
-2 stale soggy overcooked burnt rubbery mushy watery lukewarm microwaved greasy
-1.5 oily salty dry chewy burned tough overdone underdone gummy
-0.5 cold raw
2.5 delicious tasty yummy flavorful flavourful delish scrumptious mouthwatering appetizing
3 divine heavenly
2 tender juicy succulent fresh crispy crunchy homemade hearty savory savoury
1.5 authentic generous plentiful filling moist fluffy

# ---- comparatives and superlatives that AFINN lists only in the base form -----------------------------
3 nicest friendliest tastiest freshest finest yummiest loveliest cleanest cutest coolest happiest greatest
2 nicer friendlier tastier fresher comfier prettiest prettier easiest
-2 dirtiest grossest nastiest slowest laziest dumbest stupidest blandest dullest ugliest smelliest
-1.5 slower dirtier grosser worser driest
-2.5 grossed inexcusable

# ---- money ------------------------------------------------------------------------------------------
-2.5 overpriced overcharged overcharging overcharge
-1 pricey expensive costly fee fees surcharge upcharge upcharged billed
-2 chargeback
-1.5|-2.5 refund refunds
-0.5|-2.5 refunded reimbursed reimburse
-1.5 returned returning
-0.5|-2 return
-0.5 replacement replaced exchange exchanged
1.5 affordable inexpensive bargain reasonable
1 value cheaper

# ---- service and staff ------------------------------------------------------------------------------
-3 rude unprofessional disrespectful incompetent insulting belittling
-2.5 impolite unfriendly unhelpful inattentive dismissive condescending arrogant snobby snotty hostile
-2.5 rudely ignored lied lying liar liars cheated
-2 rudest careless clueless neglected neglectful yelled screamed disorganized understaffed indifferent
-2 ignoring ignore ignores lazy unorganized unprepared inconsiderate argumentative
-1.5 waited argued chaotic transferred runaround unanswered excuses excuse
-1.5 delay delays cancelled canceled cancellation overdue elsewhere
-2 delayed
-1 waiting late wait queue
2.5 friendly helpful attentive courteous accommodating gracious hospitable personable
2 polite professional knowledgeable caring thorough cheerful informative organized
2 respectful considerate thoughtful
1.5 patient smiling smile smiles
1 apologetic immediately
2 hooked

# ---- disappointment, regret, warnings ---------------------------------------------------------------
-2|2.5 disappoint disappoints
-2.5|1.5 disappointed disappointing disappointment disappointments letdown
-2.5|2 regret regrets regretted regretting
-2|1.5 complaint complaints complain complaining complained
-1.5|1.5 issue issues problem problems
-1.5|1 trouble troubles
-2|1.5 hassle hassles
-1|1 fuss
-1|2 hesitate hesitation
-2|1 wrong
-2.5 unhappy dissatisfied unsatisfied unsatisfactory frustrated frustrating frustration
-2 annoyed annoying annoyance irritated irritating aggravating aggravated
-3 infuriating infuriated outraged outrageous unacceptable appalling abysmal atrocious horrid
-3 pathetic laughable disgraceful shameful dreadful terrible horrible awful horrendous
-3 beware nightmare disaster disastrous fiasco
-2.5 ridiculous absurd unbelievably
-2 headache ordeal embarrassing mediocre underwhelming underwhelmed lackluster lacklustre overrated
-2 overhyped downhill worse
-1.5 meh unremarkable uninspiring downside downsides drawback drawbacks warning
-1 average ordinary passable
0.5 okay ok alright acceptable adequate
1 decent
1.5 satisfactory

# ---- films, books, shows ----------------------------------------------------------------------------
-3 unwatchable unreadable unbearable insufferable
-2.5 unbearably
-2.5 pointless tedious incoherent lifeless soulless amateurish unfunny cringeworthy excruciating
-2 dull bored boring tiresome plodding uninspired unoriginal forgettable muddled stilted contrived uninteresting unengaging
-2 overacted overacting miscast vapid trite banal inane idiotic pretentious overblown overwrought
-2 cringe cringey cringy flop flopped yawn snooze sloppy
-1.5 predictable cliched clichéd cliche cliché formulaic convoluted wooden hammy implausible messy
-1.5 melodramatic schmaltzy hollow shallow dragged drags overlong manipulative
-1 silly cheesy corny sappy derivative stiff flat
4 masterpiece masterful
3 gripping riveting captivating engrossing enthralling mesmerizing mesmerising spellbinding
3 unforgettable heartwarming breathtaking stunning exquisite sublime superbly
2.5 compelling engaging entertaining enjoyable memorable hilarious witty insightful heartfelt
2.5 delightful beautifully wonderfully brilliantly magnificent marvelous marvellous
2 clever smart intelligent poignant touching powerful inventive innovative imaginative
2 creative original suspenseful thrilling timeless classic
1.5 haunting absorbing
0|-2.5 plot storyline
0|-2 story script sense
0.5|-2.5 chemistry
0.5|-2 depth
0|-1.5 point
0|-2 watch
3 riveted superlative
1 revealing
-1.5 perplexing kitschy unnecessary pandering blew yawned yawning dozed boredom gory
-1 holes asleep unsettling
-2 sabotages untalented cringed cringing snoozefest clunker undeserved
-3 unrecommended
3 genius masterclass stunner unmissable
2.5 standout eloquently exemplary gifted talented skilled skillful skilful triumphed triumphs
2|-2.5 convincing
2 eloquent intrigued shines rewatchable underrated deserving deserved bingeworthy knockout
1.5 shined shone chuckle chuckled thrills suspense tearjerker
1 chills weepy

# ---- praise --------------------------------------------------------------------------------------------
4 phenomenal fantastic fabulous terrific incredible outstanding exceptional spectacular
3.5 stellar superb excellent perfection perfectly
3|-0.5 perfect
3 wonderful awesome amazing brilliant impressive splendid lovely gorgeous beautiful
3 favorite favourite fave gem gems
2.5 fav treasure jewel legit
2 neat nice rad dope epic
3.5 loved adore adored adores
2.5|-2 enjoy enjoyed enjoys enjoying
2.5 glad grateful thankful appreciate appreciated appreciative kudos
3 thrilled delighted ecstatic overjoyed
3|-2.5 happy satisfied pleased
1.5 happier pleasant pleasantly
2 yay yaay woohoo hooray yum tgif
1.5 aww xx
1 sunny
-1.5 hangover
3 lovin luvin
1.5 rocking

# ---- everyday praise and complaint that AFINN lacks ---------------------------------------------------
3.5 sensational extraordinary
3 miraculous fab awsome funniest blessed priceless astonishing transcendent groundbreaking
2.5 wtg bravo yippee hurray huzzah woot satisfying refreshing ideal ingenious uproarious sidesplitting
2.5 endearing charismatic stirring rousing luminous radiant evocative
2 flattered giggle giggles giggling smiley whoo sweetheart props amusing comical precious trustworthy
2 genuine pleasing valuable gentle intriguing lush sumptuous nuanced profound affecting resonant watchable
2 lyrical poetic hypnotic atmospheric incisive taut zippy amiable quirky assured lavish
1.5 subtle sensitive droll wry offbeat layered magnetic commanding seminal definitive virtuoso
1|-1.5 ready
1.5|-1.5 special
1 nostalgic gritty visceral unflinching harrowing provocative sharp serviceable
0.5 bittersweet complex
-1 sour repetitive slight thin generic sentimental uneven inconsistent middling
-1.5 bites crummy monotonous clumsy jarring grating overwhelmed bumbling superficial meandering rambling
-1.5 aimless ponderous listless saccharine
-2 gutted bummed grumpy cranky irked peeved miffed heartache bleak pitiful negligent intolerable creepy
-2 crybaby flogged hackneyed wearisome interminable maudlin mawkish cloying unconvincing smug patronizing
-2 vulgar gratuitous sleazy tawdry misguided misconceived preposterous brainless
-2.5 sickening rancid wretched moronic seething trash botched debacle asinine drivel dreck tripe swill
-3 abomination

# ---- common misspellings of strong words ------------------------------------------------------------
-2.5 disapointed dissapointed disappointd dissapointing disapointing disapoinment dissapointment
-2 dissapoint disapoint
-3 unacceptible terible horible horrable aweful
3.5 awsum amazin amazinggg
2.5 definately deffinitely
2 luv luvs luvd
1.5 thx thnx thanx tnx ty
# ---- complaints people type in a hurry -----------------------------------------------------------------
-3 sucked sux sucky
-2.5 sucking
-1.5|-2.5 bother bothers
-1.5|-1 bothered
-2 ugh argh yuck yuk ew eww smh fml ffs sigh blah boo
-1.5 grr
-2.5 wtf epicfail
-1.5 bleh yikes jeez geez sheesh zzz rip
-1 oof
2.5 legendary slay slayed slaying awesomesauce yas yass booyah
2 legend whoop bae
# "omg" is surprise, good or bad: it carries no weight itself and heightens an opinion word after it.
0 omg omfg
3 ily ilysm
1 vibes goals
-2 sadly unfortunately unfortunate
-1.5 tired exhausted stressed stressful worried
-2.5 upset furious pissed terrifies terrifying
-2 sob sobbing wail
`;
