// A live session's page: keeps the pinned product and the questions fresh from the JSON API,
// and reloads the page when the session starts or ends.
(function(){
var root=document.getElementById('live-root');if(!root)return;
var id=root.dataset.live,status=root.dataset.status,lang=document.documentElement.lang;
function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!=null)e.textContent=text;return e;}
// Prices are worded by the server only (one formatter): a card takes its price from the same
// product's card on the page; a product the page does not know yet reloads the page.
function knownPrice(p){return document.querySelector('#featured [data-product="'+p.product.id+'"] .product-card-price');}
function card(p){var li=el('li','product-card pinned-now');var a=el('a');a.href=p.click_path;a.lang=p.product.locale;
var img=p.product.images&&p.product.images[0];if(img){var i=el('img');i.src=img.thumb_url;i.alt='';i.width=240;i.height=240;a.appendChild(i);}
a.appendChild(el('span','product-card-title',p.product.title));li.appendChild(a);
li.appendChild(knownPrice(p).cloneNode(true));
var b=el('a','button small',root.dataset.tShop);b.href=p.click_path;li.appendChild(b);return li;}
function tick(){
fetch('/api/v1/storefront/live/'+id+'?refresh=true&locale='+encodeURIComponent(lang)).then(function(r){return r.ok?r.json():null;}).then(function(l){
if(!l)return;if(l.status!==status){location.reload();return;}
var slot=document.getElementById('pinned-slot');if(!slot)return;slot.textContent='';
if(l.pinned&&!knownPrice(l.pinned)){location.reload();return;}
if(l.pinned){slot.appendChild(card(l.pinned));}else{var e=el('li','muted',root.dataset.tNone);slot.appendChild(e);}
}).catch(function(){});
fetch('/api/v1/storefront/live/'+id+'/questions').then(function(r){return r.ok?r.json():null;}).then(function(q){
if(!q)return;var list=document.getElementById('qa');if(!list)return;list.textContent='';
if(!q.data.length){list.appendChild(el('li','muted',root.dataset.tNoQuestions));}
q.data.forEach(function(x){var li=el('li','card');var p=el('p');p.appendChild(el('strong',null,x.buyer_name));li.appendChild(p);
li.appendChild(el('p',null,x.body));if(x.answer){var a=el('p');a.appendChild(el('strong',null,root.dataset.tAnswer+' '));a.appendChild(document.createTextNode(x.answer));li.appendChild(a);}
list.appendChild(li);});
}).catch(function(){});
}
if(status==='LIVE'||status==='SCHEDULED'){setInterval(tick,5000);}
})();
