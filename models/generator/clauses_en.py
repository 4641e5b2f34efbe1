"""English contract clauses (US/UK style, including SEC-exhibit style NDAs).

Each section is a list of alternative paragraph templates; slots in braces are filled
by ``contracts.py``. Written for this project; no text is taken from real filings.
"""

PREAMBLE = [
    'This {title} (this "Agreement") is made and entered into as of {date} (the "Effective Date") by and between {A}, {descA} ("{a}"), and {B}, {descB} ("{b}").',
    'THIS {TITLE} (the "Agreement") is entered into effective {date} (the "Effective Date"), by and between {A} ("{a}"), {descA}, and {B} ("{b}"), {descB}.',
    'This {title} is dated {date} and is made between {A}, {descA} (the "{role_a}"), and {B}, {descB} (the "{role_b}"). {a} and {b} are each referred to as a "Party" and together as the "Parties."',
    '{TITLE}. This Agreement, effective as of {date}, is by and between {A}, with offices at {addrA}, and {B}, with offices at {addrB}.',
]
RECITALS = {
    "nda": ["WHEREAS, the Parties wish to evaluate a possible business relationship relating to {purpose} (the \"Purpose\"); and",
            "WHEREAS, in connection with the Purpose, each Party may disclose to the other certain confidential and proprietary information; and",
            "WHEREAS, {a} is willing to disclose such information only on the terms and conditions set forth in this Agreement;",
            "WHEREAS, the Parties desire to protect the confidentiality of information exchanged in the course of their discussions;"],
    "services": ["WHEREAS, {a} desires to retain {b} to provide certain {service} services; and",
                 "WHEREAS, {b} has the expertise and resources required to perform such services and is willing to do so on the terms below;"],
    "lease": ["WHEREAS, Landlord is the owner of the real property located at {addrA} (the \"Premises\"); and",
              "WHEREAS, Tenant wishes to lease the Premises from Landlord for use as {use};"],
    "employment": ["WHEREAS, the Company wishes to employ the Employee in the position of {position}; and",
                   "WHEREAS, the Employee wishes to accept such employment on the terms and conditions set forth herein;"],
}
NOW = ["NOW, THEREFORE, in consideration of the mutual covenants and agreements contained herein, and for other good and valuable consideration, the receipt and sufficiency of which are hereby acknowledged, the Parties agree as follows:",
       "NOW, THEREFORE, the parties hereto agree as follows:", "The Parties therefore agree as follows:",
       "In consideration of the promises set out below, the parties agree:"]

SECTIONS = {
    "nda": [
        ("Definition of Confidential Information", [
            '"Confidential Information" means any and all non-public information, in whatever form, disclosed by one Party (the "Disclosing Party") to the other Party (the "Receiving Party"), including without limitation technical data, trade secrets, know-how, research, product plans, customer lists, financial information, software, designs and business strategies.',
            'As used herein, "Confidential Information" shall mean all information disclosed by the Disclosing Party, whether orally, in writing or by inspection of tangible objects, that is designated as confidential or that reasonably should be understood to be confidential given the nature of the information and the circumstances of disclosure.']),
        ("Exclusions", [
            "Confidential Information shall not include information that (a) is or becomes generally available to the public other than as a result of a disclosure by the Receiving Party; (b) was known to the Receiving Party prior to its disclosure; (c) is independently developed by the Receiving Party without use of the Confidential Information; or (d) is rightfully received from a third party without a duty of confidentiality.",
            "The obligations of this Agreement shall not apply to information which the Receiving Party can demonstrate by written records was already in its possession, is in the public domain through no fault of the Receiving Party, or is required to be disclosed by law or court order, provided that prompt notice is given to the Disclosing Party."]),
        ("Obligations of the Receiving Party", [
            "The Receiving Party shall hold the Confidential Information in strict confidence, shall not disclose it to any third party, and shall use it solely for the Purpose. The Receiving Party shall protect the Confidential Information with at least the same degree of care it uses to protect its own confidential information, but in no event less than reasonable care.",
            "The Receiving Party agrees to restrict access to the Confidential Information to those of its employees, officers, advisors and agents who need to know such information for the Purpose and who are bound by obligations of confidentiality no less restrictive than those contained herein."]),
        ("Return of Materials", [
            "Upon the written request of the Disclosing Party, the Receiving Party shall promptly return or destroy all documents and other tangible materials containing Confidential Information, together with all copies thereof, and shall certify such destruction in writing.",
            "All materials furnished under this Agreement shall remain the property of the Disclosing Party and shall be returned within ten (10) business days of a written request."]),
        ("No License; No Warranty", [
            "Nothing in this Agreement grants the Receiving Party any right or license under any patent, copyright, trade secret or other intellectual property right of the Disclosing Party. ALL CONFIDENTIAL INFORMATION IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND.",
            "No license, express or implied, is granted by this Agreement. The Disclosing Party makes no representation or warranty as to the accuracy or completeness of the Confidential Information."]),
        ("Remedies", [
            "The Receiving Party acknowledges that unauthorized disclosure of Confidential Information may cause irreparable harm to the Disclosing Party for which monetary damages would be an inadequate remedy, and that the Disclosing Party shall be entitled to seek injunctive relief in addition to any other remedies available at law or in equity."]),
        ("Non-Solicitation", [
            "During the term of this Agreement and for a period of twelve (12) months thereafter, neither Party shall, directly or indirectly, solicit for employment any employee of the other Party with whom it had contact in connection with the Purpose."]),
    ],
    "services": [
        ("Services", ["{b} shall provide to {a} the {service} services described in Exhibit A (the \"Services\") in a professional and workmanlike manner, in accordance with generally accepted industry standards.",
                      "The Provider agrees to perform the services set out in each statement of work executed by the Parties. Any change to the scope of the Services shall be agreed in writing."]),
        ("Fees and Payment", ["In consideration of the Services, {a} shall pay {b} a total fee of {value} (the \"Fees\"), payable in monthly instalments. {b} shall invoice {a} monthly in arrears, and each invoice shall be payable within thirty (30) days of receipt.",
                              "The Client shall pay the Provider fees not to exceed {value} in the aggregate. Undisputed invoices are due net thirty (30) days. Late payments shall bear interest at the rate of one percent (1%) per month."]),
        ("Independent Contractor", ["{b} is an independent contractor and nothing in this Agreement shall be construed to create a partnership, joint venture or employment relationship between the Parties."]),
        ("Intellectual Property", ["All deliverables produced by {b} under this Agreement shall be the sole property of {a} upon full payment of the Fees. {b} hereby assigns to {a} all right, title and interest in and to such deliverables."]),
        ("Limitation of Liability", ["IN NO EVENT SHALL EITHER PARTY BE LIABLE FOR ANY INDIRECT, INCIDENTAL, SPECIAL OR CONSEQUENTIAL DAMAGES ARISING OUT OF THIS AGREEMENT. EACH PARTY'S AGGREGATE LIABILITY SHALL NOT EXCEED THE FEES PAID IN THE TWELVE MONTHS PRECEDING THE CLAIM."]),
        ("Confidentiality", ["Each Party shall keep confidential all non-public information received from the other Party in connection with this Agreement and shall use such information only to perform its obligations hereunder."]),
        ("Insurance", ["{b} shall maintain, at its own expense, general liability and professional indemnity insurance with reputable insurers in amounts customary in the industry."]),
    ],
    "lease": [
        ("Premises", ["Landlord hereby leases to Tenant, and Tenant hereby leases from Landlord, the premises located at {addrA}, consisting of approximately {sqft} square feet of office space (the \"Premises\")."]),
        ("Rent", ["Tenant shall pay Landlord a monthly base rent of {rent}, payable in advance on the first day of each calendar month, without deduction or set-off. The total rent for the initial term is {value}.",
                  "The annual base rent shall be {value}, payable in equal monthly instalments of {rent} on or before the first day of each month."]),
        ("Security Deposit", ["Upon execution of this Lease, Tenant shall deposit with Landlord the sum of {deposit} as security for the faithful performance of Tenant's obligations."]),
        ("Use", ["The Premises shall be used solely for {use} and for no other purpose without the prior written consent of Landlord."]),
        ("Maintenance and Repairs", ["Tenant shall keep the Premises in good order and repair, reasonable wear and tear excepted. Landlord shall be responsible for structural repairs to the roof, foundation and exterior walls."]),
        ("Assignment and Subletting", ["Tenant shall not assign this Lease or sublet all or any part of the Premises without the prior written consent of Landlord, which consent shall not be unreasonably withheld."]),
        ("Default", ["If Tenant fails to pay any rent when due and such failure continues for ten (10) days after written notice, Landlord may terminate this Lease and re-enter the Premises in accordance with applicable law."]),
    ],
    "employment": [
        ("Position and Duties", ["The Company hereby employs the Employee as {position}, reporting to the {boss}. The Employee shall devote his or her full business time and best efforts to the performance of the duties customarily associated with such position."]),
        ("Compensation", ["The Company shall pay the Employee an annual base salary of {value}, payable in accordance with the Company's standard payroll practices, less applicable withholdings and deductions.",
                          "As compensation for services rendered, the Employee shall receive a base salary at the annual rate of {value}, subject to annual review by the Board."]),
        ("Benefits", ["The Employee shall be eligible to participate in the employee benefit plans maintained by the Company, including health insurance and retirement plans, and shall be entitled to {vacation} days of paid vacation per year."]),
        ("Confidentiality and Inventions", ["The Employee shall not, during or after employment, disclose any confidential information of the Company, and hereby assigns to the Company all inventions conceived during the period of employment that relate to the Company's business."]),
        ("Non-Competition", ["During employment and for a period of twelve (12) months thereafter, the Employee shall not engage in any business that competes with the Company within the territory in which the Company operates."]),
    ],
}
TERM = ["This Agreement shall commence on the Effective Date and shall remain in full force and effect for a period of {term_words} ({term_n}) {term_unit}, unless earlier terminated in accordance with its terms.",
        "The term of this Agreement shall be {term_words} ({term_n}) {term_unit} from the Effective Date. The obligations of confidentiality shall survive any expiration or termination of this Agreement.",
        "This Agreement will expire {term_words} ({term_n}) {term_unit} after the Effective Date, unless extended by mutual written agreement of the Parties."]
TERMINATION = ["Either Party may terminate this Agreement at any time upon {notice_words} ({notice_n}) {notice_unit} prior written notice to the other Party.",
               "This Agreement may be terminated by either Party for convenience by giving not less than {notice_words} ({notice_n}) {notice_unit}' written notice. Either Party may terminate immediately upon a material breach by the other Party that remains uncured.",
               "Either party may end this Agreement by giving the other at least {notice_words} ({notice_n}) {notice_unit} written notice."]
LAW = ["This Agreement shall be governed by and construed in accordance with the laws of the State of {state}, without regard to its conflict of laws principles. The Parties submit to the exclusive jurisdiction of the state and federal courts located in {court}.",
       "This Agreement is governed by the laws of {state}. Any dispute arising hereunder shall be resolved exclusively in the courts of {court}.",
       "The validity, interpretation and performance of this Agreement shall be governed by the internal laws of the State of {state}."]
LAW_UK = ["This Agreement and any dispute or claim arising out of it shall be governed by and construed in accordance with the law of England and Wales, and the courts of England shall have exclusive jurisdiction."]
MISC = ["This Agreement constitutes the entire agreement between the Parties with respect to its subject matter and supersedes all prior agreements and understandings, whether written or oral.",
        "No amendment or waiver of any provision of this Agreement shall be effective unless in writing and signed by both Parties.",
        "If any provision of this Agreement is held invalid or unenforceable, the remaining provisions shall continue in full force and effect.",
        "Neither Party may assign this Agreement without the prior written consent of the other Party, except to a successor in connection with a merger or sale of substantially all of its assets.",
        "This Agreement may be executed in counterparts, each of which shall be deemed an original, and all of which together shall constitute one instrument. Signatures delivered by facsimile or electronic transmission shall be deemed originals.",
        "All notices under this Agreement shall be in writing and delivered by hand, by certified mail, return receipt requested, or by recognized overnight courier to the addresses set forth above."]
WITNESS = ["IN WITNESS WHEREOF, the Parties have executed this Agreement as of the Effective Date.",
           "IN WITNESS WHEREOF, the parties hereto have caused this Agreement to be executed by their duly authorized representatives as of the date first written above.",
           "Signed by the duly authorised representatives of the Parties on the dates set out below."]
TITLES = {"nda": ["Mutual Non-Disclosure Agreement", "Confidentiality Agreement", "Nondisclosure Agreement", "Mutual Confidentiality Agreement", "Non-Disclosure and Confidentiality Agreement", "Confidential Disclosure Agreement"],
          "services": ["Master Services Agreement", "Consulting Agreement", "Professional Services Agreement", "Services Agreement", "Independent Contractor Agreement"],
          "lease": ["Commercial Lease Agreement", "Office Lease", "Lease Agreement", "Sublease Agreement"],
          "employment": ["Employment Agreement", "Executive Employment Agreement", "Offer of Employment and Employment Agreement"]}
PURPOSES = ["a potential strategic partnership", "the evaluation of a possible acquisition", "the joint development of a software platform", "a proposed supply arrangement",
            "the licensing of certain patented technology", "a potential investment transaction", "clinical research collaboration", "the manufacturing of medical devices"]
SERVICES = ["consulting", "software development", "marketing", "engineering", "IT support", "accounting", "logistics", "design"]
USES = ["general office purposes", "a retail store", "light manufacturing and warehousing", "a medical practice", "a software development office"]
POSITIONS = ["Chief Financial Officer", "Vice President of Sales", "Senior Software Engineer", "Chief Operating Officer", "General Counsel", "Director of Marketing"]
STATES = ["Delaware", "New York", "California", "Texas", "Massachusetts", "Nevada", "Illinois", "Washington", "Colorado", "New Jersey", "Florida", "Georgia"]
COURTS = {"Delaware": "Wilmington, Delaware", "New York": "New York County, New York", "California": "San Francisco County, California", "Texas": "Travis County, Texas",
          "Massachusetts": "Boston, Massachusetts", "Nevada": "Clark County, Nevada", "Illinois": "Cook County, Illinois", "Washington": "King County, Washington",
          "Colorado": "Denver, Colorado", "New Jersey": "Newark, New Jersey", "Florida": "Miami-Dade County, Florida", "Georgia": "Fulton County, Georgia"}
ENTITY_DESC = ["a {state} corporation", "a {state} limited liability company", "a corporation organized under the laws of the State of {state}",
               "a {state} limited partnership", "a company incorporated in England and Wales"]
