"""The texts of Lillehammer's first report (seed 004, Vedlegg 1 «Skjema for
rapportering»), shortened but in the seed's words. No person is named: the seed's form
names the coordinator, the demo keeps the role.
"""

from __future__ import annotations

# Section 2: the year's activities and why the work is behind.
PROGRESS = (
    "Aktiviteter i arbeidet med Boligsosialt utviklingsprogram Lillehammer i 2010 har i "
    "praksis vært: få på plass programkoordinator; etablere prosjektorganisasjon; "
    "gjennomføre foranalyse og presentere den for politisk og administrativ ledelse; "
    "utarbeide Handlingsplan 2011 til Husbanken; utarbeide et boligsosialt faktaark "
    "(oppgave fra styringsgruppa); utarbeide forslag til nye prosedyrer for samarbeid "
    "(foreløpig resultat: ny prosedyre for å hindre utkastelse av kommunal bolig); "
    "utarbeide et forslag til boligpolitisk strategi, som skal behandles våren 2011.\n\n"
    "Arbeidet er ikke kommet så langt som man kunne ønske i 2010, hovedsakelig fordi "
    "programkoordinator tiltrådte først 15. februar og så var sykmeldt i tre måneder. "
    "Likevel gikk arbeidet med foranalysen som planlagt: tilbudsdokumentene ble sendt til "
    "fem konsulentfirma 1. mars, og ferdig analyse forelå i juni. Foranalysen ble "
    "presentert for kommuneplanutvalg/formannskap og senere for tjenesteområdelederne "
    "(oktober). Fram mot jul er det overordnede mål og strategier som står sentralt."
)

# Section 3: no final goals yet, but some lessons.
GOALS_COMMENT = (
    "Det er, som nevnt i Handlingsplan 2011, foreløpig ikke utarbeidet endelige mål, "
    "strategier, tiltak og risikofaktorer; dette vil først komme på plass i løpet av første "
    "halvår 2011. Likevel er det gjort viktige erfaringer: det er bred enighet i "
    "organisasjonen om at det boligsosiale feltet har et stort potensial for endringer og "
    "forbedringer, det er stor vilje til å gjøre noe praktisk med dette, og opptaket i "
    "programmet gjør det enklere å skape endringene – dels fordi én person nå er dedikert "
    "til arbeidet, dels fordi samarbeidet med Husbanken skaper et positivt fokus på feltet."
)

# Section 4: the two groups' meetings and the partners consulted.
ORGANISATION = (
    "Styringsgruppa ble nedsatt i mars og hadde da et konstituerende møte; senere har det "
    "vært avholdt tre møter. Styringsgruppemøtene avholdes ved behov. Prosjektgruppa var "
    "først på plass i juni og hadde sitt konstituerende møte da. I høst har det vært "
    "avholdt regelmessige møter hver 14. dag; pr. 20. november i alt seks møter.\n\n"
    "I arbeidet med faktaarket og nye prosedyrer for samarbeid har det vært kontakt med "
    "Namsmannen, TO Eiendom, Lillehammer kommunale boligstiftelse, Lillehammer og Øyer "
    "Brannvesen, Tildeling, NAV, Boteam, Flyktningtjenesten og TO Areal og Miljø. Disse og "
    "andre samarbeidspartnere vil bli trukket inn i referansegruppe eller delprosjekter."
)
STEERING_ROLES = "Kommunalsjef (leder), rådmann, strategi- og utviklingssjef, økonomisjef"
PROJECT_ROLES = (
    "Programkoordinator (leder), TO Tildeling, TO Flyktninger, TO Eiendom, "
    "Fagenhet Info & Service, NAV, TO Byggservice"
)

# Section 5.
ECONOMY_COMMENT = (
    "For 2010 er det beregnet at Husbanken bidrar til finansiering av programarbeidet i "
    "sin helhet med inntil kr 1 mill. Regnskapstall pr. 20. oktober 2010, eks. mva. "
    "Forventet forbruk ut 2010 er 750 000–800 000 kr, avhengig av om vi kommer i gang med "
    "utvidet kartlegging av boligsosiale behov blant ungdom i NAV før jul."
)

# Section 6: the introduction and the two stories of 22 and 23 November.
LEARNING = (
    "Vi har ikke kommet så langt som ønskelig i 2010, men opplever likevel å være på god "
    "vei. Eksemplene på læring og formidling er derfor ikke revolusjonerende, men det skjer "
    "tross alt en evolusjon."
)
STORY_1_TITLE = "Formidling"
STORY_1 = (
    "Programkoordinator bidrar til internopplæring i Fylkesmannens avdeling for sosial- og "
    "familiesaker gjennom presentasjon av Boligsosialt utviklingsprogram Lillehammer etter "
    "invitasjon. Det orienteres om selve programmet, resultater av foranalysen og hva det "
    "nå arbeides konkret med. Godt mottatt!"
)
STORY_2_TITLE = "Formidling og læring"
STORY_2 = (
    "Programkoordinator deltar i møte med kommunens Boteam etter invitasjon. Boteam gir "
    "oppfølging til personer med psykiske problemer, etter hvert også til "
    "rusmiddelmisbrukere. Svært mange av disse bor i kommunale boliger.\n\n"
    "Resultat: TO Bokollektiv/Boteam ønsker seg inn i prosjektgruppe BoSo, fordi de ser at "
    "de vil ha nytte av det selv, og har mye å bidra med. Boteam bidrar med eksakt "
    "informasjon til Boligsosialt faktaark; har bl.a. mye kontakt med ungdom 18–25 år som "
    "av ulike grunner sliter med å bo, og personer med dobbeltdiagnose (ROP). God dialog, "
    "gjensidig nyttig møte."
)
