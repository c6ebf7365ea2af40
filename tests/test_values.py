"""Table-driven tests of the value grammar (``pipeline/values/grammar.py``, ``scanning.py``,
``data/values.json``).

Every sentence below is invented for these tests. Each positive case names one value of its
sentence by ``value_text`` (the first row with that text is checked) and the ``value``, ``unit``
and ``qualifier`` the contract (shared/CONTRACT.md) asks for. Values are compared with ``==``:
numbers are parsed with Decimal, so ``RMB 2.05 billion`` is exactly ``2050000000.0``.
"""
from __future__ import annotations

from decimal import Decimal

import pint
import pytest
import spacy

import kpi_extract
from kpi_extract.pipeline.values import numbers
from kpi_extract.pipeline.values import units
from kpi_extract.errors import LexiconError
from kpi_extract.pipeline.values.grammar import Grammar
from kpi_extract.pipeline.values.component import KpiValues

# these one-sentence texts name no reporting period; the period warning is not under test here
pytestmark = pytest.mark.filterwarnings("ignore:no reporting period found")

E, A, MT, LT, LO, HI = "exact", "approximately", "more_than", "less_than", "range_low", "range_high"
PP = "percentage_point"


def _values_nlp():
    """The value component alone: these tables test the grammar, not the metric linking."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kpi_values")
    return nlp


_NLP = _values_nlp()


def _extract(text: str):
    return kpi_extract.extract(text, nlp=_NLP)


def _row(text: str, value_text: str):
    df = _extract(text)
    hits = df[df["value_text"] == value_text]
    assert len(hits), f"{value_text!r} not found; got {df[['value_text', 'value', 'unit']].values.tolist()}"
    return hits.iloc[0]


# ---------------------------------------------------------------------------- money
MONEY = [
    ("Total revenues reached RMB 1,057.6 million in the quarter.", "RMB 1,057.6 million", 1.0576e9, "CNY", E),
    ("Net revenue was RMB1.06 billion this quarter.", "RMB1.06 billion", 1.06e9, "CNY", E),
    ("Cloud revenue came to RMB 2.05 billion.", "RMB 2.05 billion", 2050000000.0, "CNY", E),
    ("Operating costs were RMB 2,131 million for the period.", "RMB 2,131 million", 2.131e9, "CNY", E),
    ("Adjusted EBITDA came in at US$145.2 million.", "US$145.2 million", 1.452e8, "USD", E),
    ("We ended the year with US$ 1.23 billion in cash.", "US$ 1.23 billion", 1.23e9, "USD", E),
    ("Free cash flow was $2.1bn for the year.", "$2.1bn", 2.1e9, "USD", E),
    ("We bought back $450M of stock during the quarter.", "$450M", 4.5e8, "USD", E),
    ("Bookings were $1.2B, a record.", "$1.2B", 1.2e9, "USD", E),
    ("The pilot program cost $750K in total.", "$750K", 7.5e5, "USD", E),
    ("Interest expense was $80mm in the half.", "$80mm", 8e7, "USD", E),
    ("Other income was $4.3 mln.", "$4.3 mln", 4.3e6, "USD", E),
    ("Total assets stood at $3.5 trillion.", "$3.5 trillion", 3.5e12, "USD", E),
    ("Marketing spend was $12.5 million for the quarter.", "$12.5 million", 1.25e7, "USD", E),
    ("The grant was worth $125,000 to the lab.", "$125,000", 125000.0, "USD", E),
    ("The board approved a $5 billion program.", "$5 billion", 5e9, "USD", E),
    ("Gross profit was USD 400 million.", "USD 400 million", 4e8, "USD", E),
    ("Sales in Europe were €3.2 billion.", "€3.2 billion", 3.2e9, "EUR", E),
    ("Operating profit in the UK was £40m.", "£40m", 4e7, "GBP", E),
    ("Hong Kong revenue rose to HK$ 812 million.", "HK$ 812 million", 8.12e8, "HKD", E),
    ("The Macau unit contributed HK$1.5 billion.", "HK$1.5 billion", 1.5e9, "HKD", E),
    ("The Japanese unit earned ¥350 billion.", "¥350 billion", 3.5e11, "JPY", E),
    ("Capital spending was JPY 12 billion.", "JPY 12 billion", 1.2e10, "JPY", E),
    ("Revenue from Taiwan was NT$ 4.2 billion.", "NT$ 4.2 billion", 4.2e9, "TWD", E),
    ("The Canadian business booked C$300 million.", "C$300 million", 3e8, "CAD", E),
    ("Australian sales reached A$2.5 billion.", "A$2.5 billion", 2.5e9, "AUD", E),
    ("The Singapore office generated S$ 120 million.", "S$ 120 million", 1.2e8, "SGD", E),
    ("The Indian arm invested ₹5,000 crore.", "₹5,000 crore", 5e10, "INR", E),
    ("Local revenue was Rs. 450 crore.", "Rs. 450 crore", 4.5e9, "INR", E),
    ("The Korean division spent ₩1.2 trillion.", "₩1.2 trillion", 1.2e12, "KRW", E),
    ("Swiss sales came in at CHF 800 million.", "CHF 800 million", 8e8, "CHF", E),
    ("Nordic revenue was SEK 2.4 billion.", "SEK 2.4 billion", 2.4e9, "SEK", E),
    ("Brazilian revenue was R$ 3.1 billion.", "R$ 3.1 billion", 3.1e9, "BRL", E),
    ("Mexico contributed MXN 900 million.", "MXN 900 million", 9e8, "MXN", E),
    ("South African revenue was ZAR 1.7 billion.", "ZAR 1.7 billion", 1.7e9, "ZAR", E),
    ("The Israeli unit earned ₪250 million.", "₪250 million", 2.5e8, "ILS", E),
    ("The Russian business lost ₽40 billion.", "₽40 billion", 4e10, "RUB", E),
    ("New Zealand sales were NZ$75 million.", "NZ$75 million", 7.5e7, "NZD", E),
    ("The Danish plant cost DKK 6.5 billion.", "DKK 6.5 billion", 6.5e9, "DKK", E),
    ("Norwegian revenue was NOK 310 million.", "NOK 310 million", 3.1e8, "NOK", E),
    ("Total revenue was 1.2 billion yuan.", "1.2 billion yuan", 1.2e9, "CNY", E),
    ("Net profit was 380 million RMB.", "380 million RMB", 3.8e8, "CNY", E),
    ("The company paid 5 million dollars in fines.", "5 million dollars", 5e6, "USD", E),
    ("We invested 500 million euros in the plant.", "500 million euros", 5e8, "EUR", E),
    ("The deal was valued at 300 million Swiss francs.", "300 million Swiss francs", 3e8, "CHF", E),
    ("The subsidiary earned 2 billion yen.", "2 billion yen", 2e9, "JPY", E),
    ("The grant came to 750 million rupees.", "750 million rupees", 7.5e8, "INR", E),
    ("The bond raised 1.5 billion Hong Kong dollars.", "1.5 billion Hong Kong dollars", 1.5e9, "HKD", E),
    ("Sales were 40 million pounds.", "40 million pounds", 4e7, "GBP", E),
    ("Exports reached 6 billion won.", "6 billion won", 6e9, "KRW", E),
    ("We raised 90 million Canadian dollars.", "90 million Canadian dollars", 9e7, "CAD", E),
    ("Revenue in Brazil was 200 million reais.", "200 million reais", 2e8, "BRL", E),
    ("We booked a $5-million charge for the move.", "$5-million", 5e6, "USD", E),
    ("The company approved a $2-billion buyback.", "$2-billion", 2e9, "USD", E),
    ("Hardware revenue was EUR3.2bn.", "EUR3.2bn", 3.2e9, "EUR", E),
    ("Licence revenue was 3.2 billion USD.", "3.2 billion USD", 3.2e9, "USD", E),
]

# ---------------------------------------------------------------------------- per share / per unit
PER_SHARE = [
    ("Diluted EPS was $0.12 per share.", "$0.12 per share", 0.12, "USD/share", E),
    ("Net income was US$0.05 per ADS.", "US$0.05 per ADS", 0.05, "USD/ADS", E),
    ("Earnings were 12 cents per share.", "12 cents per share", 0.12, "USD/share", E),
    ("The board declared a dividend of 45 cents a share.", "45 cents a share", 0.45, "USD/share", E),
    ("Adjusted earnings came to $1.37 per diluted share.", "$1.37 per diluted share", 1.37, "USD/share", E),
    ("We will pay €1.10 per share in May.", "€1.10 per share", 1.1, "EUR/share", E),
    ("The interim dividend is 30 pence per share.", "30 pence per share", 0.3, "GBP/share", E),
    ("Non-GAAP net income was RMB 0.85 per ADS.", "RMB 0.85 per ADS", 0.85, "CNY/ADS", E),
    ("Average revenue was $42.50 per user.", "$42.50 per user", 42.5, "USD/user", E),
    ("Basic earnings were $2.04 per basic share.", "$2.04 per basic share", 2.04, "USD/share", E),
    ("Diluted EPS was 8 cents per diluted share.", "8 cents per diluted share", 0.08, "USD/share", E),
    ("Lifting costs were $9.80 per barrel.", "$9.80 per barrel", 9.8, "USD/barrel", E),
    ("We paid $.50 per share in the year.", "$.50 per share", 0.5, "USD/share", E),
    ("Diluted EPS was $1.20 for the quarter.", "$1.20", 1.2, "USD/share", E),
    ("Revenue per paying user was RMB 45.6 this quarter.", "RMB 45.6", 45.6, "CNY/user", E),
]

# ---------------------------------------------------------------------------- percent, points, bps
PERCENT = [
    ("Revenue grew 7.9% year-over-year.", "7.9%", 7.9, "percent", E),
    ("Revenue grew 7.9 percent year-over-year.", "7.9 percent", 7.9, "percent", E),
    ("Revenue grew 7.9 per cent year-over-year.", "7.9 per cent", 7.9, "percent", E),
    ("Subscriptions rose 14 pct in the quarter.", "14 pct", 14.0, "percent", E),
    ("Gross margin was 18.5% in the quarter.", "18.5%", 18.5, "percent", E),
    ("Our effective tax rate was 21%.", "21%", 21.0, "percent", E),
    ("Retention stood at 0.5% above plan.", "0.5%", 0.5, "percent", E),
    ("Revenue growth of 125% was a record.", "125%", 125.0, "percent", E),
    ("Net revenue retention was 112 %.", "112 %", 112.0, "percent", E),
    ("Gross margin expanded by 2.3 percentage points.", "2.3 percentage points", 2.3, PP, E),
    ("Operating margin improved 1 percentage point.", "1 percentage point", 1.0, PP, E),
    ("The share of cloud sales rose 4.5 ppts.", "4.5 ppts", 4.5, PP, E),
    ("Mix improved by 0.8 pp against plan.", "0.8 pp", 0.8, PP, E),
    ("Yield rose 3 % points in the year.", "3 % points", 3.0, PP, E),
    ("Operating margin improved 150 basis points.", "150 basis points", 1.5, PP, E),
    ("Gross margin was up 120 bps year over year.", "120 bps", 1.2, PP, E),
    ("Funding costs rose 25bp in the quarter.", "25bp", 0.25, PP, E),
    ("Net interest margin widened by 1 basis point.", "1 basis point", 0.01, PP, E),
    ("Gross margin increased by 3.1% year over year.", "3.1%", 3.1, PP, E),
    ("Our operating margin expanded 2% compared with last year.", "2%", 2.0, PP, E),
    ("Adjusted EBITDA margin improved by 4.5% from a year ago.", "4.5%", 4.5, PP, E),
    ("Gross margin decreased by 1.2% year over year.", "1.2%", -1.2, PP, E),
    ("Operating margin declined by 2% in the quarter.", "2%", -2.0, PP, E),
    ("Gross margin decreased 40 basis points.", "40 basis points", -0.4, PP, E),
    ("Net interest margin was down 5 bps sequentially.", "5 bps", -0.05, PP, E),
]

# ---------------------------------------------------------------------------- multiples
MULTIPLES = [
    ("Cloud revenue grew fourfold since the launch.", "fourfold", 4.0, "multiple", E),
    ("Bookings rose twofold over the year.", "twofold", 2.0, "multiple", E),
    ("We saw a tenfold rise in usage.", "tenfold", 10.0, "multiple", E),
    ("Orders grew 4-fold in two years.", "4-fold", 4.0, "multiple", E),
    ("Traffic grew 10-fold since 2019.", "10-fold", 10.0, "multiple", E),
    ("We recorded a five-fold increase in leads.", "five-fold", 5.0, "multiple", E),
    ("Leverage stands at 2x EBITDA.", "2x", 2.0, "multiple", E),
    ("Net debt is 2.5x adjusted EBITDA.", "2.5x", 2.5, "multiple", E),
    ("Usage is up 3× on last year.", "3×", 3.0, "multiple", E),
    ("Our active user base doubled this year.", "doubled", 2.0, "multiple", E),
    ("Overseas revenue tripled in the period.", "tripled", 3.0, "multiple", E),
    ("Margins quadrupled from a low base.", "quadrupled", 4.0, "multiple", E),
    ("Enterprise sales were three times higher than a year ago.", "three times", 3.0, "multiple", E),
    ("The new plant is 2 times larger than the old one.", "2 times", 2.0, "multiple", E),
    ("Our backlog is five times what it was in 2019.", "five times", 5.0, "multiple", E),
]

# ---------------------------------------------------------------------------- counts
COUNTS = [
    ("We now serve 12,000 customers worldwide.", "12,000 customers", 12000.0, "count", E),
    ("We ended the year with a headcount of 9,000.", "9,000", 9000.0, "count", E),
    ("We repurchased 12.3 million shares in the quarter.", "12.3 million shares", 1.23e7, "count", E),
    ("The platform has 3.2 million paying users.", "3.2 million paying users", 3.2e6, "count", E),
    ("We opened 45 new stores this quarter.", "45 new stores", 45.0, "count", E),
    ("The company employs 2,300 engineers.", "2,300 engineers", 2300.0, "count", E),
    ("We added 1,500 new customers in the year.", "1,500 new customers", 1500.0, "count", E),
    ("We now operate 800 restaurants.", "800 restaurants", 800.0, "count", E),
    ("Our network spans 14 data centers.", "14 data centers", 14.0, "count", E),
    ("Our workforce of 4,200 is fully remote.", "4,200", 4200.0, "count", E),
    ("The app has 25 million monthly active users.", "25 million monthly active users", 2.5e7, "count", E),
    ("We signed 37 enterprise contracts.", "37 enterprise contracts", 37.0, "count", E),
    ("The total number of employees was 6,750 at year end.", "6,750", 6750.0, "count", E),
]

# ---------------------------------------------------------------------------- signs
SIGNS = [
    ("Operating margin was negative 11.5% this quarter.", "negative 11.5%", -11.5, "percent", E),
    ("Free cash flow margin was minus 3% for the year.", "minus 3%", -3.0, "percent", E),
    ("Net loss per share was (0.12) for the quarter.", "(0.12)", -0.12, "USD/share", E),
    ("Diluted loss per share was $(0.12).", "$(0.12)", -0.12, "USD/share", E),
    ("GAAP loss per share came in at ($0.12).", "($0.12)", -0.12, "USD/share", E),
    ("Foreign exchange had a -5% impact on revenue.", "-5%", -5.0, "percent", E),
    # a tolerance: "plus or minus" / "+/-" before a value is no sign
    ("We expect revenue of $1.3 billion, plus or minus $20 million.", "$20 million", 2e7, "USD", E),
    ("We expect a margin of 22.7%, plus or minus 40 basis points.", "40 basis points", 0.4, "percentage_point", E),
    ("We expect growth of 12% +/-2% for the year.", "2%", 2.0, "percent", E),
    ("Currency had a −2.5% effect on sales.", "−2.5%", -2.5, "percent", E),
    ("Operating income was $(3.4) million.", "$(3.4) million", -3.4e6, "USD", E),
    ("Operating income was ($3.4 million) in the quarter.", "($3.4 million)", -3.4e6, "USD", E),
    ("Operating income was $(3.4 million) in the quarter.", "$(3.4 million)", -3.4e6, "USD", E),
    ("Net loss per ADS was (0.24) for the year.", "(0.24)", -0.24, "USD/ADS", E),
    ("The operating margin was (5.2)% this year.", "(5.2)%", -5.2, "percent", E),
    ("The operating margin was (5.2%) this year.", "(5.2%)", -5.2, "percent", E),
    ("Revenue was -$5 million after the restatement.", "-$5 million", -5e6, "USD", E),
    ("Costs fell $3 million, or 5%, to $60 million.", "5%", -5.0, "percent", E),
    ("Costs fell $3 million, or 5%, to $60 million.", "$3 million", -3e6, "USD", E),
    ("Costs fell $3 million, or 5%, to $60 million.", "$60 million", 6e7, "USD", E),
    ("Costs rose $3 million, or 5%, to $60 million.", "5%", 5.0, "percent", E),
    ("Costs decreased $2.1 million, or approximately 4%, in the year.", "4%", -4.0, "percent", A),
    ("We made a down payment of $5 million on the site.", "$5 million", 5e6, "USD", E),
    ("The unit was taxed at a lower rate of 15%.", "15%", 15.0, "percent", E),
    ("Shipments were down sharply 5% in the year.", "5%", -5.0, "percent", E),
    ("Revenue was 4% lower than last year.", "4%", -4.0, "percent", E),
    ("Prices were lower by 3% in the quarter.", "3%", -3.0, "percent", E),
    ("Other income was negative $2 million.", "negative $2 million", -2e6, "USD", E),
    ("IDC costs decreased by 20% year over year.", "20%", -20.0, "percent", E),
    ("Hardware sales saw a 5% decline this year.", "5%", -5.0, "percent", E),
    ("Costs decreased to $5 million this quarter.", "$5 million", 5e6, "USD", E),
    ("Costs decreased by 20% year over year from $10 million to $8 million.", "$8 million", 8e6, "USD", E),
    ("Costs decreased by 20% year over year from $10 million to $8 million.", "$10 million", 1e7, "USD", E),
    ("Revenue fell 3.4% from the prior quarter.", "3.4%", -3.4, "percent", E),
    ("Device sales were down 12% year over year.", "12%", -12.0, "percent", E),
    ("Travel spending declined 8 percent.", "8 percent", -8.0, "percent", E),
    ("We saw a 10% drop in licence revenue.", "10%", -10.0, "percent", E),
    ("We achieved a reduction of 15% in unit costs.", "15%", -15.0, "percent", E),
    ("Expenses dropped by approximately 7% in the year.", "7%", -7.0, "percent", A),
    ("Operating expenses decreased by $12 million year over year.", "$12 million", -1.2e7, "USD", E),
    ("Revenue increased by 20% year over year.", "20%", 20.0, "percent", E),
    ("Revenue rose to $5 million this quarter.", "$5 million", 5e6, "USD", E),
]

# ---------------------------------------------------------------------------- spelled numbers
SPELLED = [
    ("Services revenue grew twenty percent last year.", "twenty percent", 20.0, "percent", E),
    ("The deal is worth one point five billion dollars.", "one point five billion dollars", 1.5e9, "USD", E),
    ("Revenue grew thirty-five percent in the year.", "thirty-five percent", 35.0, "percent", E),
    ("We spent two hundred million dollars on the campus.", "two hundred million dollars", 2e8, "USD", E),
    ("Margins rose five percentage points.", "five percentage points", 5.0, PP, E),
    ("The fund holds three billion euros.", "three billion euros", 3e9, "EUR", E),
    ("Churn was two point five percent in the quarter.", "two point five percent", 2.5, "percent", E),
    ("Prices fell ten percent in the year.", "ten percent", -10.0, "percent", E),
]

# ---------------------------------------------------------------------------- ranges
RANGES = [
    ("We expect revenue between RMB 1.8 billion and RMB 2.0 billion.", "RMB 1.8 billion", 1.8e9, "CNY", LO),
    ("We expect revenue between RMB 1.8 billion and RMB 2.0 billion.", "RMB 2.0 billion", 2e9, "CNY", HI),
    ("Revenue is expected to be $1.1 to $1.2 billion.", "$1.1", 1.1e9, "USD", LO),
    ("Revenue is expected to be $1.1 to $1.2 billion.", "$1.2 billion", 1.2e9, "USD", HI),
    ("We expect growth of 10% to 12% next year.", "10%", 10.0, "percent", LO),
    ("We expect growth of 10% to 12% next year.", "12%", 12.0, "percent", HI),
    ("We expect growth of 10 to 12% next year.", "10", 10.0, "percent", LO),
    ("We expect growth of 10 to 12% next year.", "12%", 12.0, "percent", HI),
    ("We expect growth of 10-12% next year.", "10", 10.0, "percent", LO),
    ("We expect growth of 10-12% next year.", "12%", 12.0, "percent", HI),
    ("Revenue should come in at RMB 1.8 to 2.0 billion.", "RMB 1.8", 1.8e9, "CNY", LO),
    ("Revenue should come in at RMB 1.8 to 2.0 billion.", "2.0 billion", 2e9, "CNY", HI),
    ("We now guide EPS to $18.75-19.40 per share.", "$18.75", 18.75, "USD/share", LO),
    ("We now guide EPS to $18.75-19.40 per share.", "19.40 per share", 19.4, "USD/share", HI),
    ("Revenue rose from $1 million to $2 million.", "$1 million", 1e6, "USD", E),
    ("Revenue rose from $1 million to $2 million.", "$2 million", 2e6, "USD", E),
    ("Margins should be between 5% and 7%.", "5%", 5.0, "percent", LO),
    ("Margins should be between 5% and 7%.", "7%", 7.0, "percent", HI),
    ("Capex will be $3.0 billion to $3.2 billion.", "$3.0 billion", 3e9, "USD", LO),
    ("Capex will be $3.0 billion to $3.2 billion.", "$3.2 billion", 3.2e9, "USD", HI),
    ("Growth is seen in the range of 15% to 17%.", "15%", 15.0, "percent", LO),
    ("Growth is seen in the range of 15% to 17%.", "17%", 17.0, "percent", HI),
    ("We see revenue of €500 million to €550 million.", "€500 million", 5e8, "EUR", LO),
    ("We see revenue of €500 million to €550 million.", "€550 million", 5.5e8, "EUR", HI),
    ("Margins should expand 20 to 25 basis points.", "20", 0.2, PP, LO),
    ("Margins should expand 20 to 25 basis points.", "25 basis points", 0.25, PP, HI),
    ("Growth should be between 10 and 12% this year.", "10", 10.0, "percent", LO),
    ("Growth should be between 10 and 12% this year.", "12%", 12.0, "percent", HI),
    ("EPS should be $2.10 to $2.20 per share.", "$2.10", 2.1, "USD/share", LO),
    ("EPS should be $2.10 to $2.20 per share.", "$2.20 per share", 2.2, "USD/share", HI),
    ("Sales should reach $4.5 billion through $4.7 billion.", "$4.5 billion", 4.5e9, "USD", LO),
    ("Sales should reach $4.5 billion through $4.7 billion.", "$4.7 billion", 4.7e9, "USD", HI),
    ("EPS should be $2.10 to $2.20 for the year.", "$2.20", 2.2, "USD/share", HI),
    ("We expect margins of 10.5%-11.5% next year.", "10.5%", 10.5, "percent", LO),
    ("We expect margins of 10.5%-11.5% next year.", "11.5%", 11.5, "percent", HI),
    ("Revenue is expected between $1.1 and $1.2 billion.", "$1.1", 1.1e9, "USD", LO),
    ("Revenue is expected between $1.1 and $1.2 billion.", "$1.2 billion", 1.2e9, "USD", HI),
    ("Revenue should be $1.1–$1.2 billion next year.", "$1.1", 1.1e9, "USD", LO),
    ("We expect sales of 1.2 billion to 1.3 billion yuan.", "1.2 billion", 1.2e9, "CNY", LO),
    ("We expect sales of 1.2 billion to 1.3 billion yuan.", "1.3 billion yuan", 1.3e9, "CNY", HI),
    ("We guide revenue to RMB1.8bn-2.0bn for the year.", "RMB1.8bn", 1.8e9, "CNY", LO),
    ("We guide revenue to RMB1.8bn-2.0bn for the year.", "2.0bn", 2e9, "CNY", HI),
    ("Leverage should fall to 2-3x by year end.", "2", 2.0, "multiple", LO),
    ("Leverage should fall to 2-3x by year end.", "3x", 3.0, "multiple", HI),
    ("Margins rose from 10% to 12% over the year.", "10%", 10.0, "percent", E),
    ("Margins rose from 10% to 12% over the year.", "12%", 12.0, "percent", E),
    ("Revenue increased $2 million to $10 million.", "$2 million", 2e6, "USD", E),
    ("Revenue increased $2 million to $10 million.", "$10 million", 1e7, "USD", E),
    ("Revenue increased by about $2 million to $10 million.", "$2 million", 2e6, "USD", A),
    ("Book value per share rose, increasing $0.19 per share to $8.20.", "$0.19 per share", 0.19, "USD/share", E),
    ("Book value per share rose, increasing $0.19 per share to $8.20.", "$8.20", 8.2, "USD/share", E),
    ("Backlog is declining $5 million to $40 million.", "$40 million", 4e7, "USD", E),
    ("We expect EPS of 13 to $0.15 per share.", "13", 0.13, "USD/share", LO),  # said in cents
    ("We expect EPS of 13 to $0.15 per share.", "$0.15 per share", 0.15, "USD/share", HI),
    ("We expect EPS of 1 to $1.15 per share.", "1", 1.0, "USD/share", LO),
    ("Revenue was $1.8 billion and costs were $2.0 billion.", "$1.8 billion", 1.8e9, "USD", E),
]

# ---------------------------------------------------------------------------- qualifiers
QUALIFIERS = [
    ("We earned about $3 million from licensing.", "$3 million", 3e6, "USD", A),
    ("Growth was approximately 20% for the year.", "20%", 20.0, "percent", A),
    ("We now have around 1,000 customers.", "1,000 customers", 1000.0, "count", A),
    ("Net income was roughly RMB 500 million.", "RMB 500 million", 5e8, "CNY", A),
    ("Cloud is nearly 40% of revenue.", "40%", 40.0, "percent", A),
    ("Exports are almost 30% of sales.", "30%", 30.0, "percent", A),
    ("We hold approx. $4 million in escrow.", "$4 million", 4e6, "USD", A),
    ("Recurring revenue is close to 60% of the total.", "60%", 60.0, "percent", A),
    ("We serve more than 5,000 customers.", "5,000 customers", 5000.0, "count", MT),
    ("Bookings were over $1 billion.", "$1 billion", 1e9, "USD", MT),
    ("Utilization stayed above 30% all year.", "30%", 30.0, "percent", MT),
    ("We hold in excess of $5 billion in cash.", "$5 billion", 5e9, "USD", MT),
    ("We target at least 15% growth.", "15%", 15.0, "percent", MT),
    ("Churn was under 10% for the year.", "10%", 10.0, "percent", LT),
    ("Capex was less than $50 million.", "$50 million", 5e7, "USD", LT),
    ("Inflation stayed below 2% in the region.", "2%", 2.0, "percent", LT),
    ("We have fewer than 100 employees in Spain.", "100 employees", 100.0, "count", LT),
    ("Costs were Around US$2 million.", "US$2 million", 2e6, "USD", A),
    ("We spent roughly 12 million dollars.", "12 million dollars", 1.2e7, "USD", A),
    ("Cash burn was more than RMB 300 million.", "RMB 300 million", 3e8, "CNY", MT),
]

POSITIVE = MONEY + PER_SHARE + PERCENT + MULTIPLES + COUNTS + SIGNS + SPELLED + RANGES + QUALIFIERS


@pytest.mark.parametrize("text, value_text, value, unit, qualifier", POSITIVE)
def test_value(text, value_text, value, unit, qualifier):
    row = _row(text, value_text)
    assert text[row["start"]:row["end"]] == value_text
    assert (row["value"], row["unit"], row["qualifier"]) == (value, unit, qualifier)


def test_case_count():
    assert len(POSITIVE) >= 170
    assert len(NEGATIVE) >= 25


# ---------------------------------------------------------------------------- no value
NEGATIVE = [
    "We made good progress in 2022.",
    "Our Q4 results were solid.",
    "Growth resumed in 4Q22 after a slow start.",
    "The quarter ended on March 31, 2023.",
    "The call starts at 10:00 a.m. Eastern Time.",
    "To join, dial 1-800-555-0199 from the US.",
    "Please turn to slide 12 of the deck.",
    "The table on page 7 gives the detail.",
    "We built the assistant on GPT-3.5 and later models.",
    "1. Introduction",
    "These statements are made under Section 21E of the Exchange Act.",
    "We focus on 3 areas this year.",
    "We will share more with our 2022 customers.",
    "Fiscal 2023 was a year of change.",
    "We filed our FY2024 plan with the board.",
    "Shipments resumed in the 2nd quarter.",
    "The app now runs on Windows 11.",
    "The COVID-19 outbreak slowed the region.",
    "See our annual report on Form 10-K for the risks.",
    "The sales were made under a Rule 10b5-1 plan.",
    "Our plants are ISO 9001 certified.",
    "Details are in Note 4 to the statements.",
    "We set out 4 key priorities for the team.",
    "Results for H1 2023 were in line.",
    "Risk factors are listed in Item 1A.",
    "We launched our 5G network in the capital.",
    "The meeting took place on 12/31/2022.",
    "We will report again in the year 2025.",
    "Next, over the next 12 months we will invest.",
    "The replay is available at +1 (800) 555-0123 until Friday.",
    "I will now hand over to our CFO for Q3.",
    "Operator instructions: press star 1 to ask a question.",
    "Founded in 1998, the firm grew quickly.",
    "We run GPT 3.5 in production.",
    "We meet 2 times a year with investors.",
    "Version 2.0 of the app ships in May.",
    "Shares of the company trade on the S&P 500 index.",
    "The plan runs from 2021 to 2023.",
    "We work with 1,000 of the largest retailers.",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_value(text):
    df = _extract(text)
    assert df["value_text"].tolist() == []


# ---------------------------------------------------------------------------- linear time
@pytest.fixture(scope="module")
def grammar():
    return KpiValues().grammar


@pytest.mark.parametrize("unit", ["1,", "1.", "1 ", "12", "1, ", "1,000.", "$1 ", "9 to ", "1-"])
def test_long_number_runs_scan_quickly(grammar, unit):
    text = unit * (100_000 // len(unit))
    grammar.find(text)  # returns at all: no catastrophic backtracking


def test_long_mixed_run_scans_quickly(grammar):
    import random

    rng = random.Random(7)
    text = "".join(rng.choice("0123456789,. ") for _ in range(100_000))
    grammar.find(text)


def test_default_pipeline_reports_the_same_values():
    text = "Revenue was RMB 2.05 billion, up 7.9% year-over-year, and we served 12,000 customers."
    cols = ["start", "end", "value_text", "value", "unit", "qualifier"]
    full = kpi_extract.extract(text)[cols].values.tolist()
    assert full == _extract(text)[cols].values.tolist()


# ---------------------------------------------------------------------------- numbers.py
WORDS = KpiValues().lexicon["number_words"]


@pytest.mark.parametrize("text, expected", [
    ("1,057.6", "1057.6"),
    ("2,131", "2131"),
    ("0.05", "0.05"),
    (".50", "0.50"),
    ("1,000,000", "1000000"),
    ("12", "12"),
    ("−3.5", "-3.5"),
])
def test_parse_digits(text, expected):
    assert numbers.parse_digits(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "1,05", "12,34.5", "abc", "1.2.3", "1 000", "$5"])
def test_parse_digits_rejects(text):
    with pytest.raises(ValueError):
        numbers.parse_digits(text)


@pytest.mark.parametrize("text, expected", [
    ("twenty-five", "25"),
    ("one point five", "1.5"),
    ("two hundred and ten", "210"),
    ("zero point zero five", "0.05"),
    ("Ninety Nine", "99"),
    ("hundred", "100"),
])
def test_parse_words(text, expected):
    assert numbers.parse_words(text, WORDS) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "banana", "one point", "one point twenty", "five apples"])
def test_parse_words_rejects(text):
    with pytest.raises(ValueError):
        numbers.parse_words(text, WORDS)


def test_parse_number_dispatches():
    assert numbers.parse_number("1,200", WORDS) == Decimal(1200)
    assert numbers.parse_number("twelve", WORDS) == Decimal(12)


# ---------------------------------------------------------------------------- units.py
@pytest.mark.parametrize("number, unit, scale, expected", [
    ("2.05", "CNY", "billion", (2050000000.0, "CNY")),
    ("1057.6", "CNY", "million", (1057600000.0, "CNY")),
    ("2.131", "USD", "billion", (2131000000.0, "USD")),
    ("12", "US_cent", None, (0.12, "USD")),
    ("30", "GBP_penny", None, (0.3, "GBP")),
    ("50", "basis_point", None, (0.5, "percentage_point")),
    ("120", "basis_point", None, (1.2, "percentage_point")),
    ("7.9", "percent", None, (7.9, "percent")),
    ("1.5", "percentage_point", None, (1.5, "percentage_point")),
    ("450", "INR", "crore", (4500000000.0, "INR")),
    ("12.3", "count", "million", (12300000.0, "count")),
])
def test_normalize_is_exact(number, unit, scale, expected):
    assert units.normalize(Decimal(number), unit, scale) == expected


def test_percentage_point_is_not_a_percent():
    ureg = units.registry()
    with pytest.raises(pint.DimensionalityError):
        ureg.Quantity(1, "percentage_point").to("percent")
    with pytest.raises(pint.DimensionalityError):
        ureg.Quantity(1, "USD").to("CNY")


@pytest.mark.parametrize("unit", ["XYZ", "dogecoin"])
def test_unknown_unit_raises_lexicon_error(unit):
    with pytest.raises(LexiconError):
        units.reported_unit(unit)
    with pytest.raises(LexiconError):
        units.factor(unit, "million")


def test_lexicon_naming_an_undefined_unit_raises():
    lex = dict(KpiValues().lexicon)
    lex["currency_prefix"] = {**lex["currency_prefix"], "Ƀ": "BTC"}
    with pytest.raises(LexiconError):
        Grammar(lex)


# ------------------------------------------------------------ literal prefilters
@pytest.mark.parametrize("text, value_text", [
    ("We now have 5,000 CLİENTS.", "5,000 CLİENTS"),          # "İ" lowercases to two characters
    ("Margin rose 50 baſis points.", "50 baſis points"),        # "ſ" matches "s" in the pattern
    ("Revenue was 5 million yuan.", "5 million yuan"),          # a suffix currency: ASCII, prefiltered
    ("Our headcount was 1,200 at year end.", "1,200"),
])
def test_the_literal_prefilter_keeps_every_match(text, value_text):
    """Patterns skip windows without their required literal, looked for in the window
    lowercased as re.IGNORECASE compares it (kpi_extract.phrases.lowered)."""
    from kpi_extract.pipeline.build import default_pipeline

    grammar = default_pipeline().get_pipe("kpi_values").grammar
    assert [text[m.start:m.end] for m in grammar.find(text)] == [value_text]


def test_every_character_ignorecase_matches_to_an_ascii_letter_is_folded():
    import re
    import sys

    from kpi_extract.phrases import lowered

    letter = re.compile("[a-z]", re.IGNORECASE)
    odd = [chr(c) for c in range(0x80, sys.maxunicode + 1) if letter.fullmatch(chr(c))]
    assert len(odd) == 4
    for c in odd:
        assert letter.fullmatch(lowered(c)) and lowered(c) == lowered(c).lower(), hex(ord(c))


# ------------------------------------------------------------ values said without their unit (issue 14)
# money said with a scale word and no currency, and amounts per share said without "per share"
# next to them: the currency and the per-share reading come from the grammar around them
UNSAID = [
    # a scale word ending the phrase: money in the default currency
    ("Operating profit was 245 million, up 6% on last year.", "245 million", 2.45e8, "USD", E),
    ("We generated roughly 3.1 billion in operating cash flow.", "3.1 billion", 3.1e9, "USD", A),
    ("Net sales of 618 million were up 12%.", "618 million", 6.18e8, "USD", E),
    ("Total sales reached 2.2 billion.", "2.2 billion", 2.2e9, "USD", E),
    ("It bought back 75 million of stock in the period.", "75 million", 7.5e7, "USD", E),
    ("Capital spending will be 400 million to 450 million this year.", "400 million", 4e8, "USD", LO),
    ("Capital spending will be 400 million to 450 million this year.", "450 million", 4.5e8, "USD", HI),
    ("We now expect sales between 7.25 billion and 7.4 billion.", "7.25 billion", 7.25e9, "USD", LO),
    ("We now expect sales between 7.25 billion and 7.4 billion.", "7.4 billion", 7.4e9, "USD", HI),
    ("Revenue should land between 505 and 515 million.", "505", 5.05e8, "USD", LO),
    ("Capex is now ranging from 320 million to $350 million.", "320 million", 3.2e8, "USD", LO),
    # the currency of the money said before it
    ("Revenue should come in at RMB 1.8 to 2.0 billion.", "2.0 billion", 2e9, "CNY", HI),
    ("Sales were €310 million and the operating result 42 million.", "42 million", 4.2e7, "EUR", E),
    ("We expect sales of 1.2 billion to 1.3 billion yuan.", "1.2 billion", 1.2e9, "CNY", LO),
    # an earnings word before an unscaled amount in the same sentence: per share
    ("Adjusted earnings were $0.84 in the quarter.", "$0.84", 0.84, "USD/share", E),
    ("We expect to earn $3.10 to $3.30 next year.", "$3.10", 3.1, "USD/share", LO),
    ("Our adjusted earnings, which exclude the one-time charges we took on the plant closure and the "
     "litigation settlement, came in at $1.02.", "$1.02", 1.02, "USD/share", E),
    ("Diluted earnings per share for the full year, excluding the costs of the merger, the tax reform "
     "effects and other discrete items, are expected to be in the range of $4.05 to $4.25.", "$4.25", 4.25,
     "USD/share", HI),
    ("Earnings per share rose 12.5% to $2.31.", "$2.31", 2.31, "USD/share", E),
    # "of/in ... earnings per share" after the amount, or modifiers inside "per ... share"
    ("We delivered $0.71 of adjusted earnings per share.", "$0.71", 0.71, "USD/share", E),
    ("We recorded $1.15 in fully diluted GAAP earnings per share.", "$1.15", 1.15, "USD/share", E),
    ("We expect $2.05 to $2.15 in earnings per diluted share.", "$2.05", 2.05, "USD/share", LO),
    ("We see $4.40 to $4.60 non-GAAP adjusted earnings per share.", "$4.40", 4.4, "USD/share", LO),
    ("Our outlook is $0.95 per adjusted diluted share.", "$0.95 per adjusted diluted share", 0.95, "USD/share", E),
    ("The interim payout is $0.30 a diluted share.", "$0.30 a diluted share", 0.3, "USD/share", E),
    # the amount after a per-share amount in the same sentence
    ("EPS was $0.21 on a reported basis and $0.48 on an adjusted basis.", "$0.48", 0.48, "USD/share", E),
    ("Earnings were 18 cents in the quarter.", "18 cents", 0.18, "USD/share", E),
    # a bare amount joined to a count is a count
    ("We issued 2 million and 3 million shares of the two series.", "2 million", 2e6, "count", E),
    # "and to" joins a range as "to"
    ("EPS is now seen in the range of $5.10 and to $5.40 per diluted share.", "$5.10", 5.1, "USD/share", LO),
]


@pytest.mark.parametrize("text, value_text, value, unit, qualifier", UNSAID)
def test_value_said_without_its_unit(text, value_text, value, unit, qualifier):
    row = _row(text, value_text)
    assert text[row["start"]:row["end"]] == value_text
    assert (row["value"], row["unit"], row["qualifier"]) == (value, unit, qualifier)


@pytest.mark.parametrize("text, value_text, unit", [
    # a scale word followed by a noun counts that noun: no money
    ("We shipped 1.4 million net tons in the quarter.", "1.4 million", None),
    ("The fleet carried 3.5 billion passengers.", "3.5 billion", None),
    # a count word shortly before: no money
    ("Shares outstanding were approximately 182 million.", "182 million", None),
    ("Paying subscribers grew to 9.6 million, up 11%.", "9.6 million", None),
    ("Production volumes were 2.4 million, in line with plan.", "2.4 million", None),
    # a currency the lexicon does not know, right before it: no money in the default currency
    ("Sales were SFr. 12 million this quarter.", "12 million", None),
    ("Revenue was R 40 million in the year.", "40 million", None),
    # an unscaled amount of this size is no amount per share, even after an earnings word
    ("Earnings included a grant of $25,000 from the state.", "$25,000", "USD"),
    # an amount without cents after an earnings word: a filing's total in millions, not per share
    ("Earnings in the year included gains of about $630 from the sale.", "$630", "USD"),
    # a scaled amount after an earnings word is a total
    ("Earnings were $3 million in the quarter.", "$3 million", "USD"),
    # no earnings word: a plain amount
    ("The average ticket was $7.50 in the quarter.", "$7.50", "USD"),
    # a per-share amount in another sentence does not carry
    ("EPS was $0.21. The fee was $0.48 on each trade.", "$0.48", "USD"),
])
def test_value_not_read_as_money_or_per_share(text, value_text, unit):
    df = _extract(text)
    hits = df[df["value_text"] == value_text]
    assert hits["unit"].tolist() == ([unit] if unit else [])


@pytest.mark.parametrize("text, value_text, unit", [
    # a percent after a money amount is that amount's change, not the margin's
    ("Operating margin improved and backlog reached $9.8 billion, up 6% on last year.", "6%", "percent"),
    ("Backlog reached $9.8 billion and gross margin was up 2% on last year.", "2%", "percentage_point"),
])
def test_margin_change_ends_at_a_money_amount(text, value_text, unit):
    assert _row(text, value_text)["unit"] == unit


@pytest.mark.parametrize("text, value_text, metric, unit", [
    ("Adjusted earnings were $0.84 in the quarter.", "$0.84", "eps", "USD/share"),
    ("We delivered $0.71 of adjusted earnings per share.", "$0.71", "eps", "USD/share"),
    ("Operating income was 182 million, or 9% of sales.", "182 million", "operating_income", "USD"),
    ("Net sales of 618 million were up 12%.", "618 million", "revenue", "USD"),
])
def test_unsaid_units_reach_the_metric(text, value_text, metric, unit):
    df = kpi_extract.extract(text, reporting_period="2021Q1")
    row = df[df["value_text"] == value_text].iloc[0]
    assert (row["metric"], row["unit"]) == (metric, unit)
