"""1688 (诚信通) screens, one module per screen: login.1688.com, 工作台 (work.1688.com), the offer
list and editor (offer.1688.com), 生意参谋 (sycm.1688.com), 网销宝, 商品体验中心, showcase, 询价, and
the buyer search (s.1688.com). Screens no public source shows are guesses, named as such in their
module and listed in sandbox/cbu/guesses.py."""
