"""The texts of the demo's two programme plans, as the seeds word them (shortened where
marked in data/SEEDS.md, never added to): Lillehammer's Programplan 2011 (seed 004) and
Drammen's project sketch (seed 002, with seed 000's background). Rich text in the tags
boso.plans.services.sanitise keeps; `{{tall:<indicator>:<period>}}` is a live figure
from the statistics store, used where the demo statistics hold the seed's figure.
No person is named.
"""

from __future__ import annotations

# Seed 004, section 1 "Sammendrag".
LILLEHAMMER_SUMMARY = """
<p>Programplan 2011 gjør rede for hva som vurderes å være de største boligsosiale
utfordringene i Lillehammer, både på søknadstidspunktet (juni 2009) og etter at foranalysen
nå foreligger. På bakgrunn av dette foreslås en del tiltak som må gjennomføres før det er
mulig å avklare endelig hva som vil bli hovedsatsing/-tiltak i programarbeidet:</p>
<ul>
<li><strong>Gjennomføre behovskartlegging:</strong> kartlegge målgruppene og deres behov og
boligmassen (størrelse, standard m.v.), utarbeide et faktaark og vurdere i hvilken grad det
er sammenheng mellom tilbud og etterspørsel/behov. Kartleggingen er delvis gjennomført og
faktaarket foreligger; det trengs et dypdykk i NAVs registreringer om boligsosiale behov
blant ungdom 18–25 år.</li>
<li><strong>Utarbeide overordnet, boligsosial strategi:</strong> utkast og en prosess med
administrasjon og politikere (arbeidet er påbegynt), vedtak før sommerferien 2011, mål og
strategier inn i revidert kommuneplan og tiltak inn i strategi- og økonomiplan 2012–2015,
Handlingsplan 2012–2014 og søknad til Husbanken for 2012.</li>
<li><strong>Delprosjekter/kjappe gevinster underveis:</strong> startlån, ungdom,
ungdomsboliger og samarbeidsstrukturer og -rutiner.</li>
</ul>
<p>Når strategien er vedtatt, er det tid for å vurdere behovet for mer langsiktige
utviklingsprosjekter. Det er i søknaden til Husbanken for 2011 bedt om midler til å
gjennomføre disse tiltakene. Lillehammer kommune skal bidra med arbeidskraft og noe egne
midler, i tråd med den opprinnelige søknaden som fikk tilslutning i formannskapet i juni
2009.</p>
"""

# Section 2.1 "Formål med programplanen".
LILLEHAMMER_PURPOSE = """
<p>Gjennom å kreve at deltakerkommunene skal utarbeide en programplan for det boligsosiale
arbeidet, ønsker Husbanken å sikre at kommunene jobber planmessig med Boligsosialt
utviklingsprogram. Programplanen skal uttrykke hva som skal gjøres, samt hvordan og hvorfor
det skal gjøres.</p>
<p>Programplan 2011 bærer preg av at arbeidet fortsatt er i startfasen: programleder
tiltrådte 15. februar 2010, konkurransegrunnlaget for foranalysen ble sendt ut 1. mars, og
endelig foranalyse forelå 18. juni. Det trengs en mer detaljert kartlegging av bolig- og
oppfølgingsbehov hos vanskeligstilte og av bruken av boligsosiale virkemidler lokalt, for å
skape en felles forståelse av situasjonen og utarbeide en overordnet boligsosial strategi
med velbegrunnede og konsise handlingsmål og tiltak. Mye av 2011 vil gå med til dette
grunnleggende arbeidet.</p>
<p>Planen er først og fremst et arbeidsdokument for prosjektorganisasjonen, men også et
redskap for å synliggjøre arbeidet internt, overfor kommunens folkevalgte og innbyggerne.</p>
"""

# Section 2.2 "Mandat for programmet": the nine problem statements of the application (p. 6).
LILLEHAMMER_MANDATE = """
<p>Søknad om opptak i Boligsosialt utviklingsprogram ble behandlet i formannskapet 16. juni
2009 (sak 46/09). Av søknaden (s. 6) fremgår det at man gjennom deltakelsen ønsker å gripe
fatt i følgende problemstillinger:</p>
<ol>
<li>Kartlegging av individene og individuelle behov.</li>
<li>Kartlegging av eventuelle vellykkede eksempler på boligsosiale tiltak fra andre
kommuner.</li>
<li>Har kommunen egnede boliger i bomiljøer som ikke vil virke stigmatiserende og/eller
sementerende i forhold til den enkelte?</li>
<li>Hvordan kan boligene og oppfølgingen legges til rette for å bidra til
selvstendiggjøring og økt boevne?</li>
<li>Er det behov for ombygginger og/eller nybygging for å møte behovene?</li>
<li>Involvering og ansvarliggjøring gjennom konkrete avtaler med hvert enkelt individ i
målgruppen, familie og nettverk, og brukerorganisasjoner.</li>
<li>Sikre lav terskel i tilgang på spesialisert kompetanse, enten den tilhører det
kommunale eller statlige forvaltningsnivået.</li>
<li>Sikre en samordnet innsats fra alle aktuelle tjenesteytere, både interne og
eksterne.</li>
<li>Hele tiden å fokusere på mulighetene for utvikling av nye samhandlingsformer og nye
fullmakter.</li>
</ol>
<p>Prosjektgruppa har fått i mandat fra styringsgruppa å utarbeide et forslag til
overordnet, boligsosial strategi for Lillehammer med utgangspunkt i tilgjengelig statistikk,
foranalysen, tilgjengelige virkemidler og en grundigere kartlegging av behov blant dem som
tilhører programarbeidets hovedmålgruppe.</p>
"""

# Section 2.3 "Bakgrunn".
LILLEHAMMER_BACKGROUND = """
<p>Søknaden var først og fremst motivert i en erkjennelse av at kommunen har uløste,
komplekse utfordringer og oppgaver knyttet til boligtilbudet til personer som ikke klarer å
skaffe seg bolig på det ordinære boligmarkedet, og som samtidig har vansker med det å bo:
en gruppe unge voksne med ulike typer atferdsavvik, og mennesker som sliter med en
kombinasjon av rusmiddelmisbruk og psykiske problemer. Etter hvert er også flyktninger tatt
inn i målgruppen.</p>
<p>Søknaden peker også på store kostnader til vedlikehold og utbedring av kommunale
boliger; ved å øke boevnen forutsettes det at disse vil kunne reduseres betydelig. De
boligsosiale virkemidlene er blant de mest avgjørende og effektfulle for å skape positive
endringer i menneskers livssituasjon, og det er mulig å oppnå mye med relativt enkle
virkemidler, samtidig som tilbudene må være differensierte og individuelt tilrettelagt.</p>
<p>Boligsosial handlingsplan (2004), Tiltaksprogram for å hjelpe og behandle
rusmiddelmisbrukere (2002), Rusmiddelpolitisk handlingsplan (2004–2008), Psykiatriplan
(2004–2008) og Plan for psykisk helsearbeid (2007–2010) har i liten grad vært forankret i
overordnet planverk og fulgt opp i praksis. Deltakelsen i programmet ansees forankret i
Kommunedelplan for omsorgstjenester (2009–2021), vedtatt av kommunestyret høsten 2009;
handlingsplanen antas å få status som temaplan under denne, og aktuelle tiltak skal hvert
år innarbeides i strategi- og økonomiplanen.</p>
"""

# Section 3 "Status og utfordringer", 3.1–3.4. The figures as the plan prints them, and
# the ones the demo statistics hold (data/seed_004_lillehammer.csv) also as live figures.
LILLEHAMMER_STATUS = """
<h3>Behov og omfang</h3>
<p>Målgruppen er mennesker med dobbeltdiagnose rus/psykiatri, unge voksne med
atferdsvansker og flyktninger generelt. Mange vil ha store vansker med å komme inn på det
ordinære boligmarkedet: boligprisene er forholdsvis høye (gjennomsnittlig kvadratmeterpris
i 2009: kr 24 450 for leiligheter, kr 17 048 for småhus og kr 16 838 for eneboliger;
kilde: SSB), noen vil aldri ha et inntektsgrunnlag for det private leiemarkedet, målgruppen
er lite attraktiv for utleiere, og noen vil vanskelig mestre å bo i et ordinært
bomiljø.</p>
<ul>
<li>Kommunen har pr. i dag 333 hus/leiligheter som kan disponeres av programarbeidets
målgruppe. Gjennomsnittsleiligheten er på to rom, 61 m² og bygd i 1966; husleien er
kr 5 300 pr. måned (kr 90 pr. m²).</li>
<li>Hittil i 2010 står gjennomsnittlig mellom 40 og 50 husstander på venteliste; mellom en
firedel og en tredel er flyktninger/mennesker med utenlandsk bakgrunn. Boligtildelingsgruppa
har i år hatt gjennomsnittlig 7–8 boliger å tildele pr. måned, altså forholdsvis liten
gjennomstrømming i boligmassen.</li>
<li>Av de 97 personene som pr. september 2010 står på Kemnerens husleierestanseliste, er
det 42 som fortsatt bor i kommunale boliger. De skyldte gjennomsnittlig kr 18 500 i husleie
(inkl. gebyrer); ca. halvparten er husstander med flyktningbakgrunn.</li>
<li>Kommunen har hatt en relativt streng praksis for startlån, med bare 16 saker i 2009,
eller 0,6 saker pr. 1 000 innbyggere (kilde: SSB/KOSTRA), mindre enn halvparten av de tre
andre kommunene i første pulje. Boligtilskudd til etablering: bare fem tildelinger i
2009.</li>
</ul>
<h4>Tallene i statistikken</h4>
<ul>
<li>Kommunalt disponerte boliger: {{tall:municipal_dwellings:2010}}</li>
<li>Husleierestanser, personer på restanselisten som bor i kommunal bolig:
{{tall:rent_arrears:2010M09}}</li>
<li>Startlån: {{tall:start_loans_count:2009}}</li>
</ul>
<h3>Arbeidsmåter og organisering</h3>
<p>Det boligsosiale arbeidet er fordelt på flere tjenesteområder (TO): TO Tildeling har
ansvar for tildeling av boliger (alle søknader drøftes i en tverrfaglig gruppe), de
kommunale boligene eies dels av kommunen ved TO Eiendom, dels av Lillehammer kommunale
boligstiftelse, og NAV, TO Flyktninger og i noen grad TO Byggservice jobber med oppfølging.
Foranalysen beskriver arbeidet som fragmentert, og mener at dette er en av
hovedutfordringene for kommunen.</p>
<h3>Hovedfunn fra ekstern analyse</h3>
<p>Foranalysen bygger på styringsdokumentene og intervjuer med 39 personer, med en
SWOT-analyse. De viktigste anbefalingene:</p>
<ul>
<li>Skaffe inngående kunnskap om de vanskeligstilte på boligmarkedet.</li>
<li>Utarbeide en felles, konkret strategi for det boligsosiale arbeidet og implementere
boligsosial satsing i det ordinære planverket.</li>
<li>Forankre boligsosialt arbeid på ledernivå.</li>
<li>Formalisere samarbeidsstrukturer på tvers av tjenesteområder.</li>
<li>Avklare roller og ansvarsdeling for booppfølging, spesielt overfor
rusmiddelavhengige.</li>
<li>Formalisere og øke samarbeidet med eksterne aktører, også frivillige.</li>
<li>Benytte realkompetansen i kommunen til å utvikle strategier, mål, tiltak og
retningslinjer.</li>
<li>Drive kontinuerlig kompetanseutvikling.</li>
</ul>
<h3>Konklusjoner</h3>
<p>Sentralt i resten av 2010 og i 2011: en grundigere kartlegging av målgruppene (spesielt
ungdom og personer med dobbeltdiagnose), særlig vekt på ungdom med tanke på forebygging og
tidlig intervensjon, nye og bedre rutiner og prosedyrer for samarbeid, en vurdering av
sammenhengen mellom tilbud og etterspørsel, kjappe gevinster der enkle grep hjelper, og en
overordnet boligsosial strategi vedtatt før sommerferien 2011 og innarbeidet i
kommuneplanen, strategi- og økonomiplan 2012–2015 og Handlingsplan 2012–2014.</p>
"""

LILLEHAMMER_TEXTS = {
    "summary": LILLEHAMMER_SUMMARY,
    "purpose": LILLEHAMMER_PURPOSE,
    "mandate": LILLEHAMMER_MANDATE,
    "background": LILLEHAMMER_BACKGROUND,
    "status_and_challenges": LILLEHAMMER_STATUS,
}

# Seed 002 ("Utgangspunktet for arbeidet", "kortsiktig og langsiktig perspektiv",
# "Formål", "Prosjektorganisering") and seed 000 (the invitation and Drammen's row).
DRAMMEN_TEXTS = {
    "summary": """
<p>Prosjektskissen for Drammen kommunes deltakelse i Boligsosialt utviklingsprogram
(BASIS), lagt fram for bystyrekomiteen 12. oktober 2010. Programmet har oppstart i 2010
med en forventet avslutning ved utgangen av 2014. Arbeidet igangsettes i oktober og vil ha
både et kortsiktig og et langsiktig fokus.</p>
""",
    "purpose": """
<p>Formålet med et boligsosialt handlingsprogram i Drammen kommune er å:</p>
<ul>
<li>forebygge og bekjempe bostedsløshet</li>
<li>opparbeide økt boligsosial kompetanse i kommunen</li>
<li>oppnå en mer hensiktsmessig disponering av den kommunale boligmassen</li>
<li>utvikle metoder knyttet til botrening for relevante målgrupper</li>
<li>bedre utnyttelse av Husbankens økonomiske virkemidler, slik at flest mulig får
anledning til å anskaffe seg egen bolig</li>
</ul>
""",
    "mandate": """
<p>Formannskapet besluttet i møte 23. mars 2010 å søke Husbanken om deltakelse i prosjektet
BASIS – Boligsosialt utviklingsprogram. Prosjektskissen er basert på de føringer som er gitt
i formannskapssaken med hensyn til formål, målgrupper og delprosjekter.</p>
""",
    "background": """
<p>Husbanken region sør inviterte i 2010 åtte kommuner med de største boligsosiale
utfordringene, valgt etter levekårsindeks, antall bostedsløse og størrelse. Drammen hadde
85 bostedsløse ved tellingen i 2008 og levekårsindeks 7. Husbankens mål for kommunene:
0 bostedsløse ved neste telling.</p>
<ul>
<li>Bostedsløse: {{tall:homeless:2008}}</li>
<li>Levekårsindeks: {{tall:living_conditions_index:2009}}</li>
</ul>
""",
    "status_and_challenges": """
<p>Første fase i arbeidet vil ha særskilt fokus på bolig til bostedsløse, utvikling av
boligsosial handlingsplan og boligskole for aldersgruppen 17 til 25 år. Tilrettelegging for
oppfølging i bolig vil være en sentral utfordring.</p>
<p>Det er foreslått en prosjektstruktur som involverer mange virksomheter og mange
prosjektmedarbeidere (totalt ca. 40 personer), fra flere virksomheter mer enn én person i
ulike arbeidsgrupper. Det vil bidra til bredere forankring i virksomhetene og et bredere
erfaringsgrunnlag, noe som vil kunne gjøre implementering lettere ved
prosjektavslutning.</p>
""",
}
