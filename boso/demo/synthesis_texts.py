"""The texts of region sør's synthesis «2. halvår 2015» (seed 003) and of the eight final
reports the demo builds it from. Each municipality's progress text is the seed's paragraph
about it, in the seed's words; the final report's other parts are sentences of the same
paragraph, sorted by what they tell (results, into ordinary operations, what remains).
The seed names no person; neither does the demo.
"""

from __future__ import annotations

from dataclasses import dataclass

INTRODUCTION = (
    "Det har vært 11 deltakende programkommuner i det boligsosiale utviklingsprogrammet, "
    "Husbanken sør, i perioden 2010 – 2015. De første kommunene; Arendal, Drammen, "
    "Sandefjord og Larvik avsluttet programarbeidet i desember 2014. Porsgrunn, Skien, "
    "Mandal, Holmestrand, Nedre Eiker, Kristiansand, Ringerike og Tønsberg avsluttet "
    "programarbeidet i nåværende form ved nyttårsskiftet 2015/2016. Nedenfor kan du lese et "
    "kort sammendrag av resultatene siste år og med fordypning i den enkelte kommunes "
    "sluttrapporter som publiseres fortløpende. Det vises til svært mange gode prosjekter og "
    "tiltak til beste for sluttbruker."
)
CLOSING = (
    "Deltakelsen i det boligsosiale utviklingsprogrammet har resultert i at kommunene har hatt "
    "anledning til å hente inn kompetanse i sitt arbeid. Det har også resultert i at det er "
    "utviklet boligsosial kompetanse internt i kommunene i programperioden.\n\n"
    "Ansatte i Mandal og Kristiansand kommuner deltar på videreutdanningstilbud ved UiA innen "
    "boligsosialt arbeid. Dette tilbudet er utviklet i samarbeid mellom UiA, Husbanken og "
    "programkommunene i Agder samt A-larm og ROM.\n\n"
    "Når det gjelder å spre sin kompetanse og erfaringer har programledelsen i mange av "
    "kommunene bl.a. hatt studiebesøk fra andre kommuner. Programledere i flere kommuner har "
    "dessuten holdt foredrag på nettverksamlinger, frokostmøter og konferanser."
)

# What the seed does not tell per municipality: said so, in the report, not invented.
ORGANISATION = (
    "Sammenstillingen fra Husbanken sør for 2. halvår 2015 omtaler ikke kommunens "
    "organisering av programarbeidet; den står i kommunens sluttrapport."
)
LEARNING = (
    "Programledelsen i mange av kommunene har bl.a. hatt studiebesøk fra andre kommuner, og "
    "programledere i flere kommuner har holdt foredrag på nettverksamlinger, frokostmøter og "
    "konferanser (Husbanken sør, «Generelt for flere av kommunene»)."
)
LEARNING_UIA = (
    "Ansatte i kommunen deltar på videreutdanningstilbud ved UiA innen boligsosialt arbeid, "
    "utviklet i samarbeid mellom UiA, Husbanken og programkommunene i Agder samt A-larm og ROM."
)
GOALS_COMMENT = (
    "Målene og resultatene for hele programperioden står i sluttrapporten; her er det som "
    "Husbanken sørs sammenstilling for 2. halvår 2015 forteller."
)
ECONOMY_COMMENT = (
    "Demotall: sammenstillingen fra Husbanken sør (2. halvår 2015) oppgir ingen beløp. "
    "Kostnadene er runde tall laget for demoen, fordi en rapport må ha kostnader for å "
    "kunne sendes inn."
)


@dataclass(frozen=True)
class FinalReportText:
    progress: str  # the seed's paragraph
    results: str
    into_operations: str
    remaining: str
    learning: str = LEARNING


HOLMESTRAND = FinalReportText(
    progress=(
        "Holmestrand kommune avsluttet sitt 4-årige boligsosiale programarbeid i november "
        "2015. Programarbeidet er dokumentert i egen sluttrapport og fremtidige utfordringer "
        "er nedfelt i ny boligsosial handlingsplan.\n\n"
        "Flere egnede akuttboliger har blitt etablert. Nye rutiner for å forhindre "
        "utkastelser og eget leie til eie prosjekt er gjennomført. Nye småhus er under "
        "oppføring og nytt kommunalt bofellesskap vil komme i løpet av 2016. "
        "Organisasjonsmessige endringer er foretatt for å bedre måloppnåelsen i kommunens "
        "boligforvaltning. Velferdsteknologi ved innføring av digitalt tilsyn er tatt i bruk "
        "og et samarbeid med frivillig sektor er på plass."
    ),
    results=(
        "Flere egnede akuttboliger har blitt etablert. Nye rutiner for å forhindre "
        "utkastelser og eget leie til eie prosjekt er gjennomført."
    ),
    into_operations=(
        "Organisasjonsmessige endringer er foretatt for å bedre måloppnåelsen i kommunens "
        "boligforvaltning. Velferdsteknologi ved innføring av digitalt tilsyn er tatt i bruk "
        "og et samarbeid med frivillig sektor er på plass."
    ),
    remaining=(
        "Fremtidige utfordringer er nedfelt i ny boligsosial handlingsplan. Nye småhus er "
        "under oppføring og nytt kommunalt bofellesskap vil komme i løpet av 2016."
    ),
)
NEDRE_EIKER = FinalReportText(
    progress=(
        "Programsatsingen i Nedre Eiker kommune vil avsluttes ved utgangen av 2015. Det har "
        "det siste halvåret vært stort fokus på etablering av et hensiktsmessig boligkontor i "
        "kommunen. Informasjon og kompetanse i boligsosialt arbeid har blitt viet stor "
        "oppmerksomhet under hele programperioden. Det har vært gjennomført flere kartlegginger "
        "av fremtidige boligbehov. Oppkjøp av egnede bolig til vanskeligstilte er gjort og "
        "forsterkede botilbud til målgruppen rus/psykiatri er under planlegging. Samarbeid med "
        "private aktører for bosetting har bidratt til å finne nye løsninger."
    ),
    results=(
        "Det har vært gjennomført flere kartlegginger av fremtidige boligbehov. Oppkjøp av "
        "egnede bolig til vanskeligstilte er gjort."
    ),
    into_operations=(
        "Samarbeid med private aktører for bosetting har bidratt til å finne nye løsninger. "
        "Det siste halvåret har det vært stort fokus på etablering av et hensiktsmessig "
        "boligkontor i kommunen."
    ),
    remaining="Forsterkede botilbud til målgruppen rus/psykiatri er under planlegging.",
)
TONSBERG = FinalReportText(
    progress=(
        "Tønsberg kommune har gjennom sitt programarbeid satt fokus på å videreføre tiltak "
        "knyttet til den kommunale boligmassen. Kartlegging, ombygging og sirkulasjon av egne "
        "boliger er blant de tiltak som har fått oppmerksomhet.\n\n"
        "Prosjekt «Ung i Tønsberg» er igangsatt med 20 boliger for ungdom. Videre er "
        "småhusprosjektet i ferd med å realiseres og etablering av en praksis med forvaltning "
        "av startlån viser nå praktiske resultater.\n\n"
        "Arbeidet med oppfølging av kommunale leietakere med sikte på individuell bistand til "
        "kjøp, har blitt intensivert. Videre har det blitt nedlagt stor innsats i "
        "forberedelsene til mottak av en større gruppe flyktninger. Her vil innleie og "
        "samarbeid med private samt større kommunal boliginvestering være ventet i 2016."
    ),
    results=(
        "Prosjekt «Ung i Tønsberg» er igangsatt med 20 boliger for ungdom. Etablering av en "
        "praksis med forvaltning av startlån viser nå praktiske resultater."
    ),
    into_operations=(
        "Kartlegging, ombygging og sirkulasjon av egne boliger er blant de tiltak som har fått "
        "oppmerksomhet. Arbeidet med oppfølging av kommunale leietakere med sikte på "
        "individuell bistand til kjøp, har blitt intensivert."
    ),
    remaining=(
        "Småhusprosjektet er i ferd med å realiseres. Ved mottak av en større gruppe "
        "flyktninger vil innleie og samarbeid med private samt større kommunal "
        "boliginvestering være ventet i 2016."
    ),
)
RINGERIKE = FinalReportText(
    progress=(
        "Kommunen har benyttet ekstern foranalyse og flere av anbefalingene som der er gitt, "
        "har blitt nedfelt som delprosjekt. Delprosjektet «Leie til eie» har startet med en "
        "pilotgruppe. Det er ventet en videreføring i 2016 på bakgrunn av de erfaringene som "
        "er gjort.\n\n"
        "Prosjektet «Mestre å bo trygt og godt» er under utforming. Det jobbes videre med "
        "kriterier og innhold med plan for oppfølging. Videre har Ringerike arbeidet med en "
        "modell for overgang til «gjengs leie» og beregning av kommunale husleier. Noen "
        "sentrale avklaringer og en politisk forankring gjenstår før dette kan endelig "
        "gjennomføres.\n\n"
        "Det har det siste halvåret blitt nedlagt betydelig arbeid i kartlegging av "
        "boligmassen. Systemet ISY er tatt i bruk og ekstern bistand er benyttet. Nye "
        "samhandlingsrutiner med boligstiftelsen er iverksatt og behovene for skriftlige "
        "rutiner mellom eiendomsforvaltningen og boligteamet er avklart."
    ),
    results=(
        "Flere av anbefalingene i den eksterne foranalysen er nedfelt som delprosjekt. "
        "Delprosjektet «Leie til eie» har startet med en pilotgruppe."
    ),
    into_operations=(
        "Systemet ISY er tatt i bruk. Nye samhandlingsrutiner med boligstiftelsen er "
        "iverksatt og behovene for skriftlige rutiner mellom eiendomsforvaltningen og "
        "boligteamet er avklart."
    ),
    remaining=(
        "«Leie til eie» ventes videreført i 2016. Prosjektet «Mestre å bo trygt og godt» er "
        "under utforming. Overgangen til «gjengs leie» krever noen sentrale avklaringer og en "
        "politisk forankring før den kan gjennomføres."
    ),
)
SKIEN = FinalReportText(
    progress=(
        "Kommunen avsluttet programarbeidet i desember 2015 og sluttrapport foreligger. Ny "
        "boligsosial handlingsplan ble vedtatt i bystyret 24.09.15. Planen har status som "
        "kommunedelplan. Kommunen benytter metoden «Housing First» som et godt verktøy for å "
        "gi brukerstyrt og relevant oppfølging blant annet i hjemmet. Det er lagt vekt på "
        "brukermedvirkning i det boligsosiale arbeidet, og det har vært et utstrakt samarbeid "
        "med brukere og brukerorienterte arenaer.\n\n"
        "Prosjektet «Bo bedre med mentor» er et prosjekt som gir en ekstra oppfølging av "
        "kommunale boliger. Det er opprettet et arbeidslag med fem menn med flyktningbakgrunn "
        "som arbeider med vedlikehold av kommunens ROP-boliger (rus og psykisk lidelse), ledet "
        "av en mentor.\n\n"
        "Kommunen har arbeidet med organisering av en mer hensiktsmessig rolle- og "
        "ansvarsfordeling mellom NAV, Helse og velferd og Eiendomsenheten. Ansvar for Startlån "
        "er flyttet til NAV, og bostøtte er flyttet til NAV. Nye retningslinjer for tildeling "
        "av kommunal bolig og for startlån er tidligere vedtatt.\n\n"
        "«Leie til eie–prosjektet» har ført til at i alt 47 husstander har kjøpt den kommunale "
        "boligen som de tidligere har leid. En rutine- og metodehåndbok er utarbeidet, og "
        "metoden er implementert i ordinær drift. Kommunen selger nå jevnlig boliger til "
        "beboere. Dette betyr at kommunen kan kjøpe nye boliger som er tilpasset hvilke grupper "
        "som er på venteliste. Barnefamilier er prioritert ved tildeling av kommunal bolig. "
        "Utleieboliger til barnefamilier er integrert i ordinære bomiljøer, i tråd med "
        "strategien «Bolig for velferd».\n\n"
        "For å planlegge for gode bomiljøer, arbeides det med å sikre samarbeid mellom enheter "
        "ved utviklingsstaben, plan- og byggesaksavdelingen og eiendomsenheten om etableringer "
        "av boliger i eksisterende og nye bomiljøer. Å forhindre segregering og fremme "
        "integrering er i fokus."
    ),
    results=(
        "«Leie til eie–prosjektet» har ført til at i alt 47 husstander har kjøpt den kommunale "
        "boligen som de tidligere har leid. Ny boligsosial handlingsplan ble vedtatt i bystyret "
        "24.09.15 og har status som kommunedelplan."
    ),
    into_operations=(
        "En rutine- og metodehåndbok for leie til eie er utarbeidet, og metoden er "
        "implementert i ordinær drift. Ansvar for Startlån er flyttet til NAV, og bostøtte er "
        "flyttet til NAV."
    ),
    remaining=(
        "Det arbeides med å sikre samarbeid mellom enheter ved utviklingsstaben, plan- og "
        "byggesaksavdelingen og eiendomsenheten om etableringer av boliger i eksisterende og "
        "nye bomiljøer. Å forhindre segregering og fremme integrering er i fokus."
    ),
)
PORSGRUNN = FinalReportText(
    progress=(
        "Porsgrunn kommune avslutter i løpet av 2015 sitt programarbeid. Kommunen viderefører "
        "imidlertid ett delprosjekt «Bolig og kvalifisering». Målgruppen vil være unge og "
        "familier, som er ett av innsatsområdene i den nasjonale strategien.\n\n"
        "Sluttrapporten for prosjekt «Bedre bomiljø i kommunale utleieboliger» ble behandlet "
        "i bystyret i mars. Nye rutiner, tverrfaglig samarbeid og oppfølging av beboere er "
        "implementert i ordinær drift. Det er etablert beboerråd, samarbeid med politi samt "
        "tilsyn på nattestid. Prosjektleder er gått over i en ordinær stilling i kommunen slik "
        "at kompetansen er videreført.\n\n"
        "Arbeidet i delprosjektet «På vei til egen boligkarriere» - som ble avsluttet i 2013, "
        "er videreført i kommunens ordinære arbeid. Venteliste på kommunal bolig er redusert "
        "med 68% fra oppstart i 2011 og frem til nå i 2015. I perioden 2014 og 2015 har 172 "
        "personer fått bistand i forbindelse med kjøp av bolig ved hjelp av bl. annet "
        "startlån/boligtilskudd.\n\n"
        "For øvrig er avsluttede prosjekter implementert i drift. Bystyret har vedtatt "
        "reviderte retningslinjer for startlån og boligtilskudd, samt for tildeling av "
        "kommunalt disponerte boliger."
    ),
    results=(
        "Venteliste på kommunal bolig er redusert med 68% fra oppstart i 2011 og frem til nå i "
        "2015. I perioden 2014 og 2015 har 172 personer fått bistand i forbindelse med kjøp av "
        "bolig ved hjelp av bl. annet startlån/boligtilskudd."
    ),
    into_operations=(
        "Nye rutiner, tverrfaglig samarbeid og oppfølging av beboere er implementert i ordinær "
        "drift. Arbeidet i delprosjektet «På vei til egen boligkarriere» er videreført i "
        "kommunens ordinære arbeid, og avsluttede prosjekter er implementert i drift."
    ),
    remaining=(
        "Kommunen viderefører delprosjektet «Bolig og kvalifisering», med unge og familier "
        "som målgruppe."
    ),
)
MANDAL = FinalReportText(
    progress=(
        "Programarbeidet i Mandal avsluttes ved nyttår 2015/2016. Prosjekt «Housing First» "
        "startet opp januar 2014. Pr. 1. november 2015 har prosjektet 17 aktive deltakere. "
        "Siden 2010 har antall bostedsløse i Mandal kommune i henhold til KOSTRA rapportering "
        "vært stabilt fra 15 – 20 personer. Pr. 20. desember 2015 er antall bostedsløse 6 "
        "personer. Ved oppstart av det boligsosiale utviklingsprogrammet i 2012 var det 35 "
        "husstander på venteliste for tildeling av en kommunal bolig, i desember 2015 er det "
        "12 husstander.\n\n"
        "I løpet av programperioden har samarbeidet blitt betydelig styrket mellom de ulike "
        "aktørene innenfor det boligsosiale området. Tverrfaglig og tverretatlig samarbeid har "
        "vært sentralt i arbeidet med tildelingsrutiner for kommunal bolig, i arbeidet for å "
        "forhindre utkastelser og for å få leietakere i kommunal bolig til å kunne eie sin "
        "egen bolig."
    ),
    results=(
        "Pr. 20. desember 2015 er antall bostedsløse 6 personer, mot stabilt 15 – 20 personer "
        "siden 2010. Husstander på venteliste for kommunal bolig er redusert fra 35 (2012) til "
        "12 (desember 2015). «Housing First» har 17 aktive deltakere pr. 1. november 2015."
    ),
    into_operations=(
        "Tverrfaglig og tverretatlig samarbeid har vært sentralt i arbeidet med "
        "tildelingsrutiner for kommunal bolig og for å forhindre utkastelser."
    ),
    remaining=(
        "Arbeidet for å få leietakere i kommunal bolig til å kunne eie sin egen bolig "
        "fortsetter etter programperioden."
    ),
    learning=f"{LEARNING_UIA} {LEARNING}",
)
KRISTIANSAND = FinalReportText(
    progress=(
        "«Prosjekt samhandling» og «Prosjekt oppfølging» er avsluttet. Konklusjonene fra disse "
        "to prosjektene er samordnet og følges opp i et nytt prosjekt, «Prosjekt "
        "brukerorientering», som hadde oppstart i september. Det skal bl.a arbeides med å "
        "etablere nye og utvidede samhandlingsarenaer og arrangere felles fagdager innen "
        "boligsosialt arbeid i kommunen.\n\n"
        "Prosjektet «Kartlegging og registrering» skal avklare hvordan kommunens kartlegging av "
        "vanskeligstilte på boligmarkedet skal foregå. Det skal også utrede og anbefale "
        "hensiktsmessig dataverktøy for kartlegging, registrering og planlegging av bolig- og "
        "tjenestebehov blant vanskeligstilte på boligmarkedet. I tillegg skal prosjektet "
        "utarbeide forslag til indikatorer for det boligsosiale arbeidet i kommunen.\n\n"
        "Kristiansand har ansatt prosjektleder til prosjektet «Eie et hjem». Dette blir "
        "Kristiansand sitt leie til eie-prosjekt, som vil ha oppstart tidlig i 2016. "
        "Programleder har ansvaret for arbeidet med rullering av Boligsosial handlingsplan. "
        "Denne vil fremmes for politisk behandling våren 2016.\n\n"
        "Kristiansand kommune etablert prosjektet «Nye mønstre – Trygg oppvekst». Dette "
        "prosjektet skal forebygge og bryte sosial arv gjennom tverrsektoriell innsats i "
        "lavinntektsfamilier med barn. Dette er i tråd med strategien «Bolig for velferd» hvor "
        "en skal rette en særlig innsats mot barnefamilier og unge."
    ),
    results=(
        "«Prosjekt samhandling» og «Prosjekt oppfølging» er avsluttet, og konklusjonene er "
        "samordnet. Prosjektet «Nye mønstre – Trygg oppvekst» er etablert."
    ),
    into_operations=(
        "Konklusjonene fra «Prosjekt samhandling» og «Prosjekt oppfølging» følges opp i "
        "«Prosjekt brukerorientering», som hadde oppstart i september."
    ),
    remaining=(
        "Leie til eie-prosjektet «Eie et hjem» har oppstart tidlig i 2016. Rullert Boligsosial "
        "handlingsplan fremmes for politisk behandling våren 2016. «Kartlegging og "
        "registrering» skal avklare kartleggingen av vanskeligstilte og foreslå indikatorer."
    ),
    learning=f"{LEARNING_UIA} {LEARNING}",
)
